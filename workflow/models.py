"""Optimistic versions: every user edit of a workflow object names the version it started from, and loses
(with one message, `StaleEdit.message`) if somebody saved in between."""

from __future__ import annotations

from typing import Any, Self

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow.actors import person_name, record_actor


class StaleEdit(Exception):
    """Someone else saved the object after this editor loaded it."""

    def __init__(self, current: Versioned):
        super().__init__(f"{current._meta.verbose_name} {current.pk} was changed by someone else")
        self.current = current

    @property
    def message(self) -> str:
        """The one refusal every page and the API give: who saved, when, and that this edit was not saved."""
        history = getattr(self.current, "history", None)
        last = history.first() if history is not None else None
        who = person_name(last.history_user) if last and last.history_user else ""
        values = {
            "who": who or _("其他用户"),
            "when": timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M") if last else "",
        }
        if not values["when"]:
            return _("%(who)s 已保存了修改，您的修改未保存，以免覆盖对方的内容。") % values
        return _("%(who)s 已于 %(when)s 保存了修改，您的修改未保存，以免覆盖对方的内容。") % values


def posted_version(request: HttpRequest) -> int | None:
    """The version a posted form was rendered from (its hidden `based_on`), or None when it carries none."""
    value = request.POST.get("based_on", "")
    # ASCII digits only, and few of them: int() refuses "²" and numbers of thousands of digits with an error.
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    return int(value) if 0 < int(value) < 2**31 else None


class Versioned(models.Model):
    """Optimistic locking: a save names the version it was based on, and loses if that is no longer current."""

    version = models.PositiveIntegerField(gettext_lazy("版本"), default=1)

    class Meta:
        abstract = True

    def locked(self, based_on: int | None = None) -> Self:
        """This object re-read under a row lock (inside the caller's transaction), so two people cannot both
        take the same step; with `based_on`, refused unless that is still the current version."""
        current = type(self)._default_manager.select_for_update().get(pk=self.pk)
        if based_on is not None and current.version != based_on:
            raise StaleEdit(current)
        return current

    def locked_for_edit(self, based_on: int | None) -> Self:
        """`locked`, refused unless nobody saved since `based_on` (the version the editor's form was rendered
        from) or, when the caller names none, since this copy was read."""
        return self.locked(self.version if based_on is None else based_on)

    def save_version(self, update_fields: list[str], actor: Any) -> None:
        """Save `update_fields` as a new version by `actor` (the audit trail names them even outside a request).
        The caller holds the row lock (`locked`)."""
        self.version += 1
        record_actor(self, actor)
        self.save(update_fields=[*update_fields, "version", *self._auto_fields()])

    def save_if_current(self, based_on: int, update_fields: list[str], actor: Any = None) -> None:
        """Save `update_fields` only if nobody saved since version `based_on`; raise StaleEdit otherwise."""
        with transaction.atomic():
            self.locked(based_on)
            self.version = based_on
            self.save_version(update_fields, actor)

    def _auto_fields(self) -> list[str]:
        return [f.name for f in self._meta.concrete_fields if getattr(f, "auto_now", False)]
