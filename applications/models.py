"""Applications (申请事项) made through data-defined types, their review steps, requests
for more information, decisions and letters; and the overseas qualification catalogue.

Transitions live in applications/steps.py; every one is recorded as an
ApplicationEvent with its actor, unit and reason, and in the change history.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from applications.types import ApplicationType, get_type
from attachments.models import StoredFile
from directory.models import Enterprise, Unit
from workdays.calendar import overdue_cutoff
from workflow.models import Versioned


class CatalogueVersion(models.Model):
    """One edition of 北京市境外职业资格认可目录; earlier editions are kept."""

    version = models.CharField(_("版本"), max_length=20, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    issuer = models.CharField(_("发布机关"), max_length=200)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=500, blank=True)
    official = models.BooleanField(_("官方条目"), default=False, help_text=_("否：示例条目，仅演示结构，不是官方目录内容"))
    current = models.BooleanField(_("现行版本"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("境外职业资格认可目录版本")
        verbose_name_plural = _("境外职业资格认可目录版本")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["current"], condition=Q(current=True), name="one_current_catalogue")]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class Qualification(models.Model):
    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="entries", verbose_name=_("目录版本"))
    number = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("职业资格名称"), max_length=300)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    issuer = models.CharField(_("发证机构"), max_length=300)
    country = models.CharField(_("国家（地区）"), max_length=100)
    occupation = models.CharField(_("对应职业"), max_length=300)
    occupation_en = models.CharField(_("对应职业（英文）"), max_length=300, blank=True)
    recognition = models.TextField(_("认可后可享受"), blank=True)
    recognition_en = models.TextField(_("认可后可享受（英文）"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("境外职业资格")
        verbose_name_plural = _("境外职业资格")
        ordering = ["catalogue", "number"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "number"], name="qualification_number_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.issuer}）"

    def display_name(self, language: str | None) -> str:
        return self.name_en if (language or "").startswith("en") and self.name_en else self.name


class Application(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        INFO_REQUESTED = "info_requested", _("待补充材料")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")
        WITHDRAWN = "withdrawn", _("已撤回")

    OPEN = (Status.IN_REVIEW, Status.INFO_REQUESTED)
    DECIDED = (Status.APPROVED, Status.REJECTED)

    type_id = models.CharField(_("申请事项"), max_length=80, db_index=True)
    type_version = models.CharField(_("事项版本"), max_length=40)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="applications", verbose_name=_("企业"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(_("填报内容"), default=dict, blank=True)
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("境外职业资格"),
    )
    eligibility = models.JSONField(_("资格预判"), default=dict, blank=True, help_text=_("提交时的资格预判及其依据"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    letter = models.FileField(_("结果通知书"), upload_to="applications/letters/%Y/", blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("申请")
        verbose_name_plural = _("申请")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.type_id}"

    def get_absolute_url(self) -> str:
        return reverse("applications:application", args=[self.pk])

    @property
    def number(self) -> str:
        return f"SQ-A{self.created_at:%Y}-{self.pk:05d}" if self.created_at else ""

    @property
    def app_type(self) -> ApplicationType | None:
        return get_type(self.type_id)

    def title(self, language: str | None) -> str:
        app_type = self.app_type
        return app_type.title.get(language) if app_type else self.type_id

    @property
    def current_step(self) -> ReviewStep | None:
        return self.steps.filter(status__in=[ReviewStep.Status.ACTIVE, ReviewStep.Status.INFO_REQUESTED]).first()


class ApplicationDocument(StoredFile):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents", verbose_name=_("申请"))
    document_id = models.CharField(_("材料"), max_length=60)
    file = models.FileField(_("文件"), upload_to="applications/documents/%Y/%m/")
    replaced = models.BooleanField(_("已被替换"), default=False)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["document_id", "uploaded_at"]


class ReviewStep(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("未开始")
        ACTIVE = "active", _("审核中")
        INFO_REQUESTED = "info_requested", _("待企业补充")
        PASSED = "passed", _("通过")
        REJECTED = "rejected", _("不通过")
        CANCELLED = "cancelled", _("已终止")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="steps", verbose_name=_("申请"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    step_id = models.CharField(_("步骤"), max_length=60)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="review_steps", verbose_name=_("审核单位"))
    working_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.WAITING)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("审核步骤")
        verbose_name_plural = _("审核步骤")
        ordering = ["application", "order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "order"], name="review_step_order_unique"),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["active", "info_requested"]),
                name="one_current_step_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} #{self.order} {self.unit}"

    def label(self, language: str | None) -> str:
        app_type = self.application.app_type
        if app_type is None:
            return self.step_id
        step = next((s for s in app_type.steps if s.id == self.step_id), None)
        return step.label.get(language) if step else self.step_id

    def overdue(self, today: date) -> bool:
        cutoff, _covered = overdue_cutoff(today)
        return self.status == self.Status.ACTIVE and self.due_on is not None and self.due_on <= cutoff


class InfoRequest(models.Model):
    """A reviewer's request for more information (补正) and the applicant's answer."""

    step = models.ForeignKey(ReviewStep, on_delete=models.PROTECT, related_name="info_requests", verbose_name=_("审核步骤"))
    question = models.TextField(_("需补充的内容"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    answer = models.TextField(_("企业答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("补充材料要求")
        verbose_name_plural = _("补充材料要求")
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.question[:50]


class ApplicationEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("application event", "创建草稿")
        SAVED = "saved", pgettext_lazy("application event", "保存草稿")
        SUBMITTED = "submitted", pgettext_lazy("application event", "提交")
        STEP_STARTED = "step_started", pgettext_lazy("application event", "进入审核步骤")
        INFO_REQUESTED = "info_requested", pgettext_lazy("application event", "要求补充材料")
        INFO_PROVIDED = "info_provided", pgettext_lazy("application event", "补充材料")
        STEP_PASSED = "step_passed", pgettext_lazy("application event", "审核通过")
        STEP_REJECTED = "step_rejected", pgettext_lazy("application event", "审核不通过")
        APPROVED = "approved", pgettext_lazy("application event", "批准")
        REJECTED = "rejected", pgettext_lazy("application event", "不予批准")
        WITHDRAWN = "withdrawn", pgettext_lazy("application event", "撤回")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("申请"))
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("单位"))
    text = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请办理记录")
        verbose_name_plural = _("申请办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class Criterion(models.Model):
    """A criterion a coordinator records for a type, from the regulation the seeds defer to."""

    type_id = models.CharField(_("申请事项"), max_length=80, db_index=True)
    text = models.TextField(_("条件"))
    text_en = models.TextField(_("条件（英文）"), blank=True)
    document = models.CharField(_("依据文件"), max_length=300)
    article = models.CharField(_("条款"), max_length=100, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("认定条件")
        verbose_name_plural = _("认定条件")
        ordering = ["type_id", "pk"]

    def __str__(self) -> str:
        return f"{self.type_id}: {self.text[:40]}"
