"""The audit trail, read across the platform: every change recorded by django-simple-history (who, when,
which object, which fields) and every change made in the admin (Django's LogEntry), newest first.

Nothing here writes: the records are shown, never edited. No admin page edits them either; the admin hides
its revert button (SIMPLE_HISTORY_REVERT_DISABLED), and a save made there is an ordinary change, recorded
like any other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db.models import Model, Q
from django.utils.translation import gettext as _

APPS = ("directory", "corpus", "rules", "tracking", "services", "applications", "promotion", "reporting", "jobs")
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
ADMIN_ACTIONS = {1: "created", 2: "changed", 3: "deleted"}


@dataclass
class Entry:
    when: datetime
    user: str
    action: str  # created / changed / deleted
    model: str  # the model's label, e.g. tracking.task
    kind: str  # its verbose name, in the current language
    subject: str  # the record changed, as it reads
    changes: list[str]
    via_admin: bool = False


@lru_cache(maxsize=1)
def tracked_models() -> dict[str, type[Model]]:
    """Every model of ours whose changes are recorded, by label."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label in APPS and hasattr(model, "history") and not model.__name__.startswith("Historical"):
            found[model._meta.label_lower] = model
    return dict(sorted(found.items()))


def _changed_fields(record: Any) -> list[str]:
    if record.history_type != "~":
        return []
    previous = record.prev_record
    if previous is None:
        return []
    model = record.instance_type
    names = []
    for change in record.diff_against(previous).changes:
        try:
            names.append(str(model._meta.get_field(change.field).verbose_name))
        except Exception:  # a field since removed from the model
            names.append(change.field)
    return names


def entries(
    *, username: str = "", model: str = "", since: datetime | None = None, before: datetime | None = None, limit: int = 50
) -> list[Entry]:
    """The newest `limit` records matching the filters, across all tracked models and the admin log.
    First only (date, id) of each model's newest candidates, then the shown ones in full: a page costs a query
    per model plus a few per shown entry, however long the trail."""
    candidates: list[tuple[datetime, str, int]] = []
    for label, tracked in tracked_models().items():
        if model and model != label:
            continue
        records = tracked.history.all()  # type: ignore[attr-defined]
        if username:
            records = records.filter(history_user__username=username)
        if since:
            records = records.filter(history_date__gte=since)
        if before:
            records = records.filter(history_date__lt=before)
        candidates += [
            (when, label, pk) for when, pk in records.order_by("-history_date").values_list("history_date", "history_id")[:limit]
        ]
    admin = _admin_entries(username, since, before, limit) if not model or model == "admin" else []
    chosen = sorted(candidates, reverse=True)[:limit]
    shown: list[Entry] = list(admin)
    for label in {c[1] for c in chosen}:
        tracked = tracked_models()[label]
        ids = [c[2] for c in chosen if c[1] == label]
        for record in tracked.history.filter(history_id__in=ids).select_related("history_user"):  # type: ignore[attr-defined]
            shown.append(
                Entry(
                    when=record.history_date,
                    user=record.history_user.get_username() if record.history_user else _("系统"),
                    action=ACTIONS[record.history_type],
                    model=label,
                    kind=str(tracked._meta.verbose_name),
                    subject=_text(record),
                    changes=_changed_fields(record),
                )
            )
    return sorted(shown, key=lambda e: e.when, reverse=True)[:limit]


def _text(record: Any) -> str:
    try:
        return str(record.instance)[:200]
    except Exception:  # an instance that cannot be rebuilt from an old record
        return f"#{record.pk}"


def _admin_entries(username: str, since: datetime | None, before: datetime | None, limit: int) -> list[Entry]:
    filters = Q()
    if username:
        filters &= Q(user__username=username)
    if since:
        filters &= Q(action_time__gte=since)
    if before:
        filters &= Q(action_time__lt=before)
    records = LogEntry.objects.filter(filters).select_related("user", "content_type").order_by("-action_time")[:limit]
    return [
        Entry(
            when=log.action_time,
            user=log.user.get_username(),
            action=ADMIN_ACTIONS.get(log.action_flag, "changed"),
            model="admin",
            kind=str(log.content_type.name) if log.content_type else _("后台"),
            subject=log.object_repr,
            changes=[log.get_change_message()] if log.change_message else [],
            via_admin=True,
        )
        for log in records
    ]
