"""A piece of long work a person started (the cross-checks, a large import, an export): its progress and its
outcome, so the person who started it can watch it and come back to it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def pickup_within() -> timedelta:
    """How soon a running worker takes a queued job (settings.INVESTBJ_JOB_PICKUP_SECONDS)."""
    return timedelta(seconds=settings.INVESTBJ_JOB_PICKUP_SECONDS)


def stale_after() -> timedelta:
    """The job time limit (settings.INVESTBJ_JOB_TIMEOUT), the one an RQ worker enforces too."""
    return timedelta(seconds=settings.INVESTBJ_JOB_TIMEOUT)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=40)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    done = models.PositiveIntegerField(_("已完成步数"), default=0)
    total = models.PositiveIntegerField(_("总步数"), default=0)
    step = models.CharField(_("当前步骤"), max_length=200, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    language = models.CharField(_("语言"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def unclaimed(self) -> bool:
        """Still queued well after a worker would have taken it: no worker is running."""
        return self.status == self.Status.QUEUED and timezone.now() - self.created_at > pickup_within()

    @property
    def waiting_minutes(self) -> int:
        return max(1, int((timezone.now() - self.created_at).total_seconds() // 60))

    @property
    def stale(self) -> bool:
        """Unfinished long after it began: its worker most likely stopped (a restart, a crash)."""
        return not self.finished and timezone.now() - (self.started_at or self.created_at) > stale_after()
