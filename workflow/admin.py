from typing import Any

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Records shown beside their object in the back office but changed only through the workflow
    (events, attachments, answers), so every change keeps its author and reason."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
