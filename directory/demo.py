"""Demo accounts for local use (`make run`), shared by every app's demo loader, and the one rule for when demo
data may be written at all: passwords follow a published pattern so the README can list them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from directory.roles import coordinator_group

COORDINATOR = ("coordinator", "investbj-demo-coordinator")
COORDINATOR_LABEL = "协调员（市商务局 / 两区办）"
# The key settings fall back to when INVESTBJ_DEV or DEBUG allows running without DJANGO_SECRET_KEY.
DEVELOPMENT_KEY_PREFIX = "investbj-insecure"


def demo_password(name: str) -> str:
    return f"investbj-demo-{name}"


def demo_allowed() -> bool:
    """Demo data only where no real secret key is set, or in DEBUG: never on a production deployment."""
    return bool(settings.DEBUG or not settings.SECRET_KEY or settings.SECRET_KEY.startswith(DEVELOPMENT_KEY_PREFIX))


def demo_account(username: str, password: str, created: list[tuple[str, str, str]], label: str) -> User:
    """The account, made with `password` if it is new (then listed in `created` to be shown once)."""
    user, made = get_user_model().objects.get_or_create(username=username)
    if made:
        user.set_password(password)
        user.save()
        created.append((username, password, label))
    return user


def demo_coordinator(created: list[tuple[str, str, str]]) -> User:
    coordinator = demo_account(*COORDINATOR, created, COORDINATOR_LABEL)
    coordinator.groups.add(coordinator_group())
    return coordinator


class DemoCommand(BaseCommand):
    """A command that writes demo data: refused outside development, before it writes anything."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        if not demo_allowed():
            raise CommandError(
                f"{self.__module__.rsplit('.', 1)[-1]} writes demo data (accounts with published passwords); "
                "it runs only in development (DEBUG or INVESTBJ_DEV)."
            )
        return super().execute(*args, **options)
