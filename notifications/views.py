from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from notifications.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user_id=request.user.pk)[:100]
    if request.method == "POST":
        Notification.objects.filter(user_id=request.user.pk, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications:list")
    return render(request, "notifications/list.html", {"items": items})
