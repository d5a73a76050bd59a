"""Request guards every view shares: text no database can store is refused before any view reads it, and a
write that could not get the database in time is answered as a conflict to retry, never as a server error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _nul_fields(value: object, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_fields(item, f"{path}.{key}" if path else str(key))
            if NUL in str(key):
                yield path or str(key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_fields(item, f"{path}[{index}]")


def _query_dict_nul_fields(data: QueryDict) -> list[str]:
    return [name for name, values in data.lists() if any(NUL in v for v in [name, *values])]


def nul_fields(request: HttpRequest) -> list[str]:
    """The names of the query, form or JSON fields holding a NUL character (PostgreSQL stores none)."""
    found = _query_dict_nul_fields(request.GET)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"null")
            except ValueError:
                body = None  # malformed JSON is the API's own 400
            found += list(_nul_fields(body, ""))
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            found += _query_dict_nul_fields(request.POST)
    # A name may itself hold the NUL: it is shown escaped, never echoed.
    return list(dict.fromkeys(name.replace(NUL, "\\u0000") for name in found))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = nul_fields(request)
        if fields:
            message = _("字段 %(fields)s 含有空字符（NUL，\\u0000），任何文本都不能含有此字符；未保存任何内容。") % {
                "fields": "、".join(fields)
            }
            if _is_api(request):
                # The shape of every 400 the API declares: `errors` by field, `problems` as a list.
                body = {"detail": message, "fields": fields, "errors": dict.fromkeys(fields, message), "problems": [message]}
                return JsonResponse(body, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and "locked" in str(exception):
            message = _("其他人正在同时保存，您的操作未完成，也未保存任何内容。请刷新页面后重试。")
            if _is_api(request):
                return JsonResponse({"detail": message}, status=409)
            return render(request, "400.html", {"message": message}, status=409)
        return None
