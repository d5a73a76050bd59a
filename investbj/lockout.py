"""What a locked-out sign-in gets back: a page for people, JSON for API scripts (django-axes calls this)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

TOO_MANY = 429


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    message = _("该账号在此地址连续多次登录失败，登录已暂时锁定，锁定期满后自动解除。如忘记密码，请联系系统管理员。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=TOO_MANY)
    return render(request, "registration/locked_out.html", {"message": message}, status=TOO_MANY)
