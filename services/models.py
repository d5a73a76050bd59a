"""Enterprise services: issues (诉求) routed to responsible units with service-time
limits, the Global Service Partner Program (全球服务伙伴计划) and roundtables
(外资企业圆桌会议), from seed 000 measures 6 and 12.

Issues are never deleted: an enterprise withdraws one, and every step is an
IssueEvent naming the unit, the person and the reason.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from attachments.models import StoredFile
from directory.models import Enterprise, Unit
from services.catalogue import SlaClass, catalogue
from workdays.calendar import overdue_cutoff
from workflow.models import Versioned

# After this many accepted transfers an issue is the coordinator's to place (首接负责):
# it cannot keep moving between units unseen.
MAX_TRANSFERS = 2


class IssueQuerySet(models.QuerySet):
    def overdue(self, today: date) -> IssueQuerySet:
        """Open issues past a deadline, counting the rollover of deadlines that fall on holidays."""
        cutoff, _covered = overdue_cutoff(today)
        waiting = [Issue.Status.SUBMITTED, Issue.Status.ASSIGNED]
        return self.filter(Q(status__in=waiting, accept_due__lte=cutoff) | Q(status__in=Issue.OPEN, answer_due__lte=cutoff))


class Issue(Versioned):
    class Kind(models.TextChoices):
        REQUEST = "request", _("咨询或求助")
        COMPLAINT = "complaint", _("投诉（外商投资企业投诉工作办法）")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待分派")
        ASSIGNED = "assigned", _("待受理")
        IN_PROGRESS = "in_progress", _("办理中")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Language(models.TextChoices):
        ZH = "zh", _("中文")
        EN = "en", _("English")

    OPEN = (Status.SUBMITTED, Status.ASSIGNED, Status.IN_PROGRESS)

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="issues", verbose_name=_("企业"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    category = models.CharField(_("类别"), max_length=32)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("问题描述"))
    language = models.CharField(_("语言"), max_length=2, choices=Language.choices, default=Language.ZH)
    roundtable_ok = models.BooleanField(_("同意在圆桌会议上讨论"), default=False)
    roundtable = models.ForeignKey(
        "Roundtable", on_delete=models.PROTECT, null=True, blank=True, related_name="issues", verbose_name=_("圆桌会议")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_issues", verbose_name=_("首接单位")
    )
    co_units = models.ManyToManyField(Unit, blank=True, related_name="co_issues", verbose_name=_("协办单位"))
    sla = models.CharField(_("办理时限类别"), max_length=20)
    received_on = models.DateField(_("收到日期"))
    accept_due = models.DateField(_("受理期限"))
    answer_due = models.DateField(_("答复期限"))
    extended_days = models.PositiveIntegerField(_("已延长天数"), default=0)
    transfers = models.PositiveSmallIntegerField(_("转办次数"), default=0)
    escalated = models.BooleanField(_("已提级至协调员"), default=False)
    partner = models.BooleanField(_("服务伙伴企业"), default=False, help_text=_("提出时企业是全球服务伙伴，优先办理"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("满意度"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["-partner", "answer_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="issue_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(status="submitted") | Q(status="withdrawn"), name="issue_owner_when_assigned"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("services:issue", args=[self.pk])

    @property
    def number(self) -> str:
        return f"SQ{self.created_at:%Y}-{self.pk:05d}" if self.created_at else ""

    @property
    def sla_class(self) -> SlaClass:
        return catalogue().sla(self.sla)

    def category_label(self, language: str | None) -> str:
        return catalogue().category(self.category).label(language)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def start_clock(self, received_on: date) -> None:
        """Deadlines from the day the issue was received, by its service-time class."""
        sla = self.sla_class
        self.received_on = received_on
        self.accept_due = sla.due(received_on, sla.accept_within)
        self.answer_due = sla.due(received_on, sla.answer_within + self.extended_days)

    def overdue(self, today: date) -> str | None:
        """Which deadline has passed ('accept' or 'answer'), counting the 民法典 rollover, or None."""
        cutoff, _covered = overdue_cutoff(today)
        if self.status in (self.Status.SUBMITTED, self.Status.ASSIGNED) and self.accept_due <= cutoff:
            return "accept"
        if self.is_open and self.answer_due <= cutoff:
            return "answer"
        return None

    def days_left(self, today: date) -> int:
        return (self.answer_due - today).days


class IssueEvent(models.Model):
    """One step in an issue's life, shown on its timeline: who, for which unit, and why."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("issue event", "提出诉求")
        ROUTED = "routed", pgettext_lazy("issue event", "分派")
        CO_UNIT_ADDED = "co_unit_added", pgettext_lazy("issue event", "增加协办单位")
        ACCEPTED = "accepted", pgettext_lazy("issue event", "受理")
        REFUSED = "refused", pgettext_lazy("issue event", "退回协调员")
        TRANSFER_REQUESTED = "transfer_requested", pgettext_lazy("issue event", "申请转办")
        TRANSFER_ACCEPTED = "transfer_accepted", pgettext_lazy("issue event", "同意转办")
        TRANSFER_DECLINED = "transfer_declined", pgettext_lazy("issue event", "不同意转办")
        ESCALATED = "escalated", pgettext_lazy("issue event", "提级至协调员")
        EXTENDED = "extended", pgettext_lazy("issue event", "延长办理期限")
        ANSWERED = "answered", pgettext_lazy("issue event", "答复")
        CONFIRMED = "confirmed", pgettext_lazy("issue event", "确认办结并评价")
        REOPENED = "reopened", pgettext_lazy("issue event", "重新办理")
        WITHDRAWN = "withdrawn", pgettext_lazy("issue event", "撤回")
        NOTE = "note", pgettext_lazy("issue event", "办理说明")

    # Notes between units are for officials; everything else the enterprise sees too.
    INTERNAL = (Kind.NOTE, Kind.TRANSFER_DECLINED)

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="events", verbose_name=_("诉求"))
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作单位"))
    target = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("涉及单位")
    )
    reason = models.TextField(_("理由或说明"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.issue.number} {self.get_kind_display()}"

    @property
    def internal(self) -> bool:
        return self.kind in self.INTERNAL


class Transfer(models.Model):
    """A unit's request to hand an issue to another unit; it keeps the issue until a coordinator agrees."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待协调员决定")
        ACCEPTED = "accepted", _("同意")
        DECLINED = "declined", _("不同意")

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="transfer_requests", verbose_name=_("诉求"))
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请单位"))
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("建议转给"))
    reason = models.TextField(_("转办理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.TextField(_("决定说明"), blank=True)

    class Meta:
        verbose_name = _("转办申请")
        verbose_name_plural = _("转办申请")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["issue"], condition=Q(decision="pending"), name="one_pending_transfer_per_issue")
        ]

    def __str__(self) -> str:
        return f"{self.issue.number}: {self.from_unit} → {self.to_unit}"


class Answer(models.Model):
    """A unit's reply (答复); after a reopening there may be several, the last one counts."""

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("已解决")
        EXPLAINED = "explained", _("已解释说明")
        REFERRED = "referred", _("已引导至其他渠道")
        CANNOT_SOLVE = "cannot_solve", _("暂不能解决")

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="answers", verbose_name=_("诉求"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("答复单位"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("答复人"))
    outcome = models.CharField(_("办理结果"), max_length=14, choices=Outcome.choices)
    text = models.TextField(_("答复内容"))
    reason = models.TextField(_("不能解决的原因"), blank=True)
    created_at = models.DateTimeField(_("答复时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="cannot_solve") | ~Q(reason=""), name="answer_cannot_solve_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.issue.number} {self.get_outcome_display()}"


class IssueAttachment(StoredFile):
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("诉求"))
    answer = models.ForeignKey(
        Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments", verbose_name=_("答复")
    )
    file = models.FileField(_("文件"), upload_to="services/issues/%Y/%m/")

    class Meta:
        verbose_name = _("诉求附件")
        verbose_name_plural = _("诉求附件")
        ordering = ["uploaded_at", "pk"]


class Partner(models.Model):
    """An enterprise enrolled in the Global Service Partner Program, with its service contact (服务管家)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("企业"))
    focus_field = models.CharField(_("重点领域"), max_length=100)
    criteria = models.TextField(_("入选理由"), help_text=_("例如：在相关领域具备国际领先地位、已经或有意在京发展"))
    service_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="partners", verbose_name=_("服务单位"))
    service_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务管家")
    )
    enrolled_on = models.DateField(_("入选日期"), default=date.today)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("全球服务伙伴")
        verbose_name_plural = _("全球服务伙伴")
        ordering = ["-enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=Q(ended_on__isnull=True), name="one_active_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.focus_field})"

    def get_absolute_url(self) -> str:
        return reverse("services:partner", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.ended_on is None


class PartnerContact(models.Model):
    """A visit, call or meeting with a partner, logged by its service contact or unit."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("走访")
        CALL = "call", _("电话")
        MEETING = "meeting", _("座谈")
        OTHER = "other", _("其他")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("服务伙伴"))
    on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices)
    summary = models.TextField(_("内容摘要"))
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人"))
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Roundtable(models.Model):
    """A meeting of the 外资企业圆桌会议制度: invited enterprises and units, topics beforehand, minutes after."""

    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    topic_en = models.CharField(_("英文主题"), max_length=300, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    host = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="hosted_roundtables", verbose_name=_("主办单位"))
    enterprises = models.ManyToManyField(Enterprise, blank=True, related_name="roundtables", verbose_name=_("受邀企业"))
    units = models.ManyToManyField(Unit, blank=True, related_name="roundtables", verbose_name=_("参会单位"))
    summary = models.TextField(_("会议纪要概述"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("外资企业圆桌会议")
        verbose_name_plural = _("外资企业圆桌会议")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("services:roundtable", args=[self.pk])

    def display_title(self, language: str | None) -> str:
        return self.topic_en if language == "en" and self.topic_en else self.topic


class RoundtableTopic(models.Model):
    """A topic an invited enterprise proposes before the meeting."""

    roundtable = models.ForeignKey(Roundtable, on_delete=models.PROTECT, related_name="topics", verbose_name=_("圆桌会议"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("企业"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("议题"))
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("圆桌会议议题")
        verbose_name_plural = _("圆桌会议议题")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]
