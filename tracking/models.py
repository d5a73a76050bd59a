"""The implementation ledger (督办台账): tasks per responsible unit, milestones,
dispatch rounds and progress reports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attachments.models import StoredFile
from corpus.models import Measure, UnitGroup
from directory.models import Unit
from workdays.calendar import overdue_cutoff
from workflow.models import StaleEdit, Versioned
from workflow.transitions import InvalidTransition


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")
    DELAYED = "delayed", _("滞后")


def progress_problem(status: str, percent: int) -> str | None:
    """Why a status and a percent contradict each other, or None (shared by the form, the API and the import)."""
    if status == ProgressStatus.COMPLETED and percent != 100:
        return str(_("状态为“已完成”时，完成百分比应为100。"))
    if status == ProgressStatus.NOT_STARTED and percent != 0:
        return str(_("状态为“未启动”时，完成百分比应为0。"))
    return None


class Task(Versioned):
    """One unit group of a measure turned into a task with a lead unit and co-units."""

    class Priority(models.TextChoices):
        HIGH = "high", _("高")
        NORMAL = "normal", _("中")
        LOW = "low", _("低")

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("措施"))
    unit_group = models.ForeignKey(
        UnitGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("来源单位组")
    )
    title = models.TextField(_("任务"))
    deliverable = models.TextField(_("成果形式"), blank=True)
    priority = models.CharField(_("优先级"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("完成百分比"), default=0, validators=[MaxValueValidator(100)])
    progress_note = models.TextField(_("进展情况"), blank=True)
    progress_updated_at = models.DateTimeField(_("最近更新"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        # Measures outside any section first, on SQLite and PostgreSQL alike.
        ordering = [
            "measure__document_id",
            models.F("measure__section__order").asc(nulls_first=True),
            "measure__number",
            "pk",
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="task_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number}. {self.title[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("tracking:task", args=[self.pk])

    def lead(self) -> TaskUnit | None:
        return next((a for a in self.assignments.all() if a.role == TaskUnit.Role.LEAD), None)

    def co_units(self) -> list[TaskUnit]:
        return [a for a in self.assignments.all() if a.role == TaskUnit.Role.CO]

    def apply_accepted_report(self, report: ProgressReport) -> None:
        """The lead unit's accepted report becomes the task's progress on the board."""
        task = Task.objects.select_for_update().get(pk=self.pk)
        task.status, task.percent, task.progress_note = report.status, report.percent, report.narrative
        task.progress_updated_at = report.reviewed_at
        task.version += 1
        task.save(update_fields=["status", "percent", "progress_note", "progress_updated_at", "version", "updated_at"])

    def is_overdue(self, today: date) -> bool:
        """A milestone (or the task's own deadline) past its date and not done (ledger.annotate_flags in SQL)."""
        if self.status == ProgressStatus.COMPLETED:
            return False
        cutoff, _exact = overdue_cutoff(today)
        if self.due_on and self.due_on <= cutoff:
            return True
        return any(m.is_overdue(today) for m in self.milestones.all())


class TaskUnit(models.Model):
    """A unit on a task: the lead (牵头) or a co-unit (配合)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        CO = "co", _("配合单位")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("任务"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_assignments", verbose_name=_("单位"))
    role = models.CharField(_("角色"), max_length=4, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    written_as = models.CharField(_("原文写法"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务单位")
        verbose_name_plural = _("任务单位")
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_unit_unique"),
            models.UniqueConstraint(fields=["task"], condition=models.Q(role="lead"), name="task_single_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.unit.name}"


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("任务"))
    title = models.CharField(_("节点"), max_length=300)
    due_on = models.DateField(_("计划日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["task", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on})"

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on <= overdue_cutoff(today)[0]


class DispatchRoundQuerySet(models.QuerySet):
    def open(self) -> DispatchRoundQuerySet:
        return self.filter(closed_at__isnull=True)


class DispatchRound(models.Model):
    """A dispatch round (工作调度): every unit reports on its tasks by the due date."""

    title = models.CharField(_("名称"), max_length=200)
    due_on = models.DateField(_("报送截止日期"))
    opened_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起人"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    history = HistoricalRecords()
    objects = DispatchRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("调度轮次")
        verbose_name_plural = _("调度轮次")
        ordering = ["-opened_at"]
        # Units report against "the current round": two open rounds would make that ambiguous.
        constraints = [
            # NULLs never collide in a unique index, so the open rounds are indexed on a constant.
            models.UniqueConstraint(models.Value(1), condition=models.Q(closed_at__isnull=True), name="one_open_round"),
            models.UniqueConstraint(fields=["title"], name="round_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracking:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ProgressReport(Versioned):
    """One unit's report on one task in one round; a co-unit reports its own part."""

    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已采纳")
        RETURNED = "returned", _("已退回")

    round = models.ForeignKey(DispatchRound, on_delete=models.PROTECT, related_name="reports", verbose_name=_("调度轮次"))
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("任务"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="progress_reports", verbose_name=_("报送单位"))
    status = models.CharField(_("进展状态"), max_length=12, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("完成百分比"), validators=[MaxValueValidator(100)])
    narrative = models.TextField(_("进展情况"))
    next_steps = models.TextField(_("下一步工作"), blank=True)
    difficulties = models.TextField(_("需协调解决的困难"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送人")
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    review = models.CharField(_("审核"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "task", "unit"], name="one_report_per_unit_task_round"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="report_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit.name} · {self.task_id}"

    def get_absolute_url(self) -> str:
        return reverse("tracking:task", args=[self.task_id]) + f"#report-{self.pk}"

    CONTENT_FIELDS = ("status", "percent", "narrative", "next_steps", "difficulties")

    @classmethod
    @transaction.atomic
    def submit(cls, task: Task, unit: Unit, round: DispatchRound, user, content: dict, based_on: int | None) -> ProgressReport:
        """Create or resubmit this unit's report for the round.

        `based_on` is the version the author edited (None for a new report); a
        report saved by a colleague in the meantime is never overwritten.
        """
        if not round.is_open:
            raise InvalidTransition(_("调度轮次“%(round)s”已结束，不能再报送。") % {"round": round.title})
        existing = cls.objects.select_for_update().filter(round=round, task=task, unit=unit).first()
        if existing is None:
            if based_on is not None:
                raise InvalidTransition(_("要修改的报告不存在。"))
            try:
                with transaction.atomic():
                    return cls.objects.create(round=round, task=task, unit=unit, submitted_by=user, **content)
            except IntegrityError:
                raise StaleEdit(cls.objects.get(round=round, task=task, unit=unit)) from None
        if existing.review == cls.Review.ACCEPTED:
            raise InvalidTransition(_("本轮报告已采纳，不能再修改。"))
        if based_on is None:
            raise StaleEdit(existing)
        for name, value in content.items():
            setattr(existing, name, value)
        existing.review, existing.submitted_by, existing.submitted_at = cls.Review.SUBMITTED, user, timezone.now()
        existing.save_if_current(based_on, [*content, "review", "submitted_by", "submitted_at"])
        return existing

    @transaction.atomic
    def decide(self, decision: str, reviewer, comment: str, based_on: int) -> None:
        """Accept or return a submitted report (审核); returning needs a comment."""
        if self.review != self.Review.SUBMITTED:
            raise InvalidTransition(_("报告当前状态为“%(state)s”，不能再审核。") % {"state": self.get_review_display()})
        if self.is_submitted_by(reviewer):
            raise InvalidTransition(self.self_decision_message())
        if decision not in (self.Review.ACCEPTED, self.Review.RETURNED):
            raise InvalidTransition(_("审核结论只能是采纳或退回。"))
        if decision == self.Review.RETURNED and not comment.strip():
            raise InvalidTransition(_("退回报告时请写明意见，说明需要补充或修改的内容。"))
        self.review, self.review_comment = decision, comment.strip()
        self.reviewed_by, self.reviewed_at = reviewer, timezone.now()
        self.save_if_current(based_on, ["review", "review_comment", "reviewed_by", "reviewed_at"])
        lead = self.task.assignments.filter(role=TaskUnit.Role.LEAD).values_list("unit_id", flat=True).first()
        if decision == self.Review.ACCEPTED and self.unit_id == lead:
            self.task.apply_accepted_report(self)

    def is_submitted_by(self, user) -> bool:
        """Two people per report: whoever submitted it (a coordinator acting for a unit) never decides on it."""
        return user.pk == self.submitted_by_id

    def self_decision_message(self) -> str:
        from tracking.permissions import other_deciders

        others = other_deciders(self)
        if not others:
            return str(_("这份报告是您本人报送的，不能由您审核；目前没有其他协调员，请先为本单位增设一名协调员。"))
        return _("这份报告是您本人报送的，不能由您审核。可以审核的协调员：%(names)s。") % {"names": "、".join(others)}


class ReportAttachment(StoredFile):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("报告"))
    file = models.FileField(_("文件"), upload_to="tracking/reports/%Y/%m/")

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at"]
