"""Throttling: sign-in (django-axes, per username and address, and here per address alone, so that one address
cannot try a common password on every official account), registration and password-reset mail (per address,
with django-ninja's rate throttle in the default cache). Also which address a request comes from, and what a
throttled request gets back (a page for people, JSON for API scripts)."""

from __future__ import annotations

import math

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.throttling import SimpleRateThrottle

TOO_MANY = 429


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    if getattr(request, "locked_by_address", False):
        message = _("此地址近期登录失败次数过多，所有账号的登录已暂时锁定，锁定期满后自动解除。")
    else:
        message = _("该账号在此地址连续多次登录失败，登录已暂时锁定，锁定期满后自动解除。如忘记密码，可通过“忘记密码”重设。")
    return too_many(request, message, _("登录已暂时锁定"))


def too_many(request: HttpRequest, message: str, title: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=TOO_MANY)
    return render(request, "registration/locked_out.html", {"message": message, "title": title}, status=TOO_MANY)


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this request's address within the cool-off, over every username tried."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=client_address(request), attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressThrottledAxesBackend(AxesStandaloneBackend):
    """django-axes' check of the username and address pair, then one of the address alone, with its own higher
    limit (AXES_ADDRESS_FAILURE_LIMIT), because a whole office may sign in from one address."""

    def authenticate(self, request: HttpRequest, username: str | None = None, password: str | None = None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if settings.AXES_ENABLED and address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.locked_by_address = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("Too many failed sign-ins from this address")


class AddressRateThrottle(SimpleRateThrottle):
    """At most `rate` (e.g. "5/h") of one kind of request from one address. Each allowed request counts."""

    def __init__(self, scope: str, rate: str):
        self.scope = scope
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str:
        return f"investbj-throttle:{self.scope}:{client_address(request)}"


def throttled(request: HttpRequest, scope: str) -> HttpResponse | None:
    """None when this address may go on with `scope` (registration, password_reset), which then counts once;
    else the 429 answer that says when it may try again."""
    throttle = AddressRateThrottle(scope, settings.INVESTBJ_THROTTLE_RATES[scope])
    if throttle.allow_request(request):
        return None
    minutes = max(1, math.ceil((throttle.wait() or 60) / 60))
    messages = {
        "registration": _("此地址近期注册的账号过多，请 %(minutes)d 分钟后再试。"),
        "password_reset": _("此地址近期申请重设密码的次数过多，请 %(minutes)d 分钟后再试。"),
    }
    return too_many(request, messages[scope] % {"minutes": minutes}, _("请稍后再试"))


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless that is one of our own reverse proxies (TRUSTED_PROXIES), in
    which case the last address that proxy appended to X-Forwarded-For. A client cannot choose its address by
    sending the header itself: only the proxy's own entry, the right-most, is believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in settings.TRUSTED_PROXIES:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else remote
