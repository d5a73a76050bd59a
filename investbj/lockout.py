"""Sign-in throttling details for django-axes: which address a request comes from, and what a locked-out
sign-in gets back (a page for people, JSON for API scripts)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

TOO_MANY = 429


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    message = _("该账号在此地址连续多次登录失败，登录已暂时锁定，锁定期满后自动解除。如忘记密码，请联系系统管理员。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=TOO_MANY)
    return render(request, "registration/locked_out.html", {"message": message}, status=TOO_MANY)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless that is one of our own reverse proxies (TRUSTED_PROXIES), in
    which case the last address that proxy appended to X-Forwarded-For. A client cannot choose its address by
    sending the header itself: only the proxy's own entry, the right-most, is believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in settings.TRUSTED_PROXIES:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else remote
