"""The investment-promotion pipeline (招商项目) from first lead to capital arrival, the task force
for major foreign projects (重大外资项目专班, seed 001 measure 2), and promotion events where
projects are matched and signed (seed 000 measure 11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from directory.models import Enterprise, Unit, Zone
from workflow.models import Versioned


class Stage(models.TextChoices):
    LEAD = "lead", pgettext_lazy("pipeline stage", "线索")
    TALKS = "talks", pgettext_lazy("pipeline stage", "洽谈")
    SIGNED = "signed", pgettext_lazy("pipeline stage", "签约")
    REGISTERED = "registered", pgettext_lazy("pipeline stage", "注册")
    CAPITAL_ARRIVED = "capital_arrived", pgettext_lazy("pipeline stage", "资金到位")
    DROPPED = "dropped", pgettext_lazy("pipeline stage", "终止")


# The pipeline in order; a project moves one stage at a time, or drops out before registration.
PIPELINE = [Stage.LEAD, Stage.TALKS, Stage.SIGNED, Stage.REGISTERED, Stage.CAPITAL_ARRIVED]


class Event(models.Model):
    """A promotion event: 投资北京大会, 中关村论坛, 服贸会, a matchmaking day …"""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    starts_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    organiser = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="events", verbose_name=_("主办单位"))
    description = models.TextField(_("简介"), blank=True)
    enterprises = models.ManyToManyField(Enterprise, blank=True, related_name="events", verbose_name=_("报名企业"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投资促进活动")
        verbose_name_plural = _("投资促进活动")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_on} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("promotion:event", args=[self.pk])

    def display_title(self, language: str | None) -> str:
        return self.name_en if (language or "").startswith("en") and self.name_en else self.name


class Project(Versioned):
    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.CharField(_("投资方"), max_length=300)
    investor_country = CountryField(_("投资方国别（地区）"))
    industry = models.CharField(_("行业（GB/T 4754-2017）"), max_length=5)
    amount_usd = models.DecimalField(_("总投资（美元）"), max_digits=16, decimal_places=0, null=True, blank=True)
    zones = models.ManyToManyField(Zone, blank=True, related_name="projects", verbose_name=_("意向落地区域"))
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="projects", verbose_name=_("跟进单位"))
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.LEAD)
    stage_on = models.DateField(_("进入当前阶段日期"))
    encouraged = models.BooleanField(
        _("属于鼓励外商投资产业目录"),
        null=True,
        blank=True,
        help_text=_("由跟进单位对照《鼓励外商投资产业目录》认定并注明条目；未认定留空"),
    )
    catalogue_item = models.CharField(
        _("目录条目"), max_length=300, blank=True, help_text=_("例如：全国鼓励外商投资产业目录（2022年版）第X条")
    )
    manufacturing_leader = models.BooleanField(_("高端制造类大型龙头企业"), default=False)
    fast_track = models.BooleanField(_("3亿美元以下鼓励类项目优化服务"), default=False, editable=False)
    task_force = models.BooleanField(_("纳入重大外资项目专班"), default=False, editable=False)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name=_("注册企业")
    )
    signed_at = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="signed_projects", verbose_name=_("签约活动")
    )
    description = models.TextField(_("项目情况"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-stage_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:project", args=[self.pk])


class StageChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("项目"))
    from_stage = models.CharField(_("原阶段"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=Stage.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("说明"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("阶段变化")
        verbose_name_plural = _("阶段变化")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class Matchmaking(models.Model):
    """An investor's project matched at an event with parks and units (项目对接)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="matchmakings", verbose_name=_("活动"))
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="matchmakings", verbose_name=_("项目"))
    zones = models.ManyToManyField(Zone, blank=True, related_name="+", verbose_name=_("对接园区"))
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("对接单位"))
    notes = models.TextField(_("对接情况"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目对接")
        verbose_name_plural = _("项目对接")
        constraints = [models.UniqueConstraint(fields=["event", "project"], name="one_matchmaking_per_event_project")]

    def __str__(self) -> str:
        return f"{self.event}: {self.project}"


class TaskForceProblem(models.Model):
    """An open problem of a task-force project and the units to solve it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待解决")
        SOLVED = "solved", _("已解决")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems", verbose_name=_("项目"))
    description = models.TextField(_("问题"))
    units = models.ManyToManyField(Unit, related_name="task_force_problems", verbose_name=_("责任单位"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    raised_on = models.DateField(_("提出日期"))
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    resolution = models.TextField(_("解决情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专班协调事项")
        verbose_name_plural = _("专班协调事项")
        ordering = ["status", "raised_on", "pk"]

    def __str__(self) -> str:
        return self.description[:50]


class TaskForceMeeting(models.Model):
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    agenda = models.TextField(_("议题"))
    projects = models.ManyToManyField(Project, blank=True, related_name="meetings", verbose_name=_("议及项目"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专班会议")
        verbose_name_plural = _("专班会议")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.agenda[:30]}"
