from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Records shown beside their object in the back office but changed only through the workflow
    (events, attachments, answers), so every change keeps its author and reason."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class WorkflowObjectAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history ships no type hints
    """A workflow object in the back office: read, with its history, but changed only through its steps, so that
    every change is recorded with who took it and why."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
