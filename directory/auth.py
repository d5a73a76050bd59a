"""API authentication shared by every app: the browser's session (CSRF-checked) or HTTP Basic for scripts."""

from __future__ import annotations

from django.contrib.auth import authenticate
from ninja.security import APIKeyCookie, HttpBasicAuth

from directory.roles import is_coordinator


class UserBasic(HttpBasicAuth):
    """HTTP Basic for scripts; listed before the session auth so a failed Basic login is not hidden by it."""

    def authenticate(self, request, username, password):
        user = authenticate(request, username=username, password=password)
        if user is None or not self.permits(user):
            return None
        request.user = user
        return user

    def permits(self, user) -> bool:
        return user.is_active


class UserSession(APIKeyCookie):
    """Session cookie of a signed-in user (CSRF-checked by ninja)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and self.permits(user) else None

    def permits(self, user) -> bool:
        return user.is_active


def signed_in() -> list:
    return [UserBasic(), UserSession()]


class CoordinatorBasic(UserBasic):
    def permits(self, user) -> bool:
        return user.is_active and is_coordinator(user)


class CoordinatorSession(UserSession):
    def permits(self, user) -> bool:
        return user.is_active and is_coordinator(user)


def coordinators_only() -> list:
    """For the coordinating office's work (uploading documents, mapping unit names): the same permission as
    everywhere else, not the admin's staff flag."""
    return [CoordinatorBasic(), CoordinatorSession()]
