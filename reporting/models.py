"""Foreign-investment information reports (外商投资信息报告) and their two-level review
(区级审核 → 市级审核, seed 000 measure 15: 加强分级审核).

A report is written once through `reporting.intake` (form, API or bulk import, all validated
by `reporting.validation`) and then only moves through its review; every step is recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from directory.models import Enterprise, Unit
from workflow.models import Versioned


class Report(Versioned):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("初始报告")
        CHANGE = "change", _("变更报告")
        DEREGISTRATION = "deregistration", _("注销报告")
        ANNUAL = "annual", _("年度报告")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report status", "草稿")
        DISTRICT_REVIEW = "district_review", _("区级审核中")
        CITY_REVIEW = "city_review", _("市级审核中")
        RETURNED = "returned", _("已退回修改")
        ACCEPTED = "accepted", _("已审核通过")

    class Source(models.TextChoices):
        WEB = "web", _("网页填报")
        API = "api", _("接口报送")
        IMPORT = "import", _("批量导入")

    kind = models.CharField(_("报告类型"), max_length=16, choices=Kind.choices)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="information_reports", verbose_name=_("企业")
    )
    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="information_reports", verbose_name=_("所在区"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.WEB)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=200)
    industry = models.CharField(_("行业（GB/T 4754-2017）"), max_length=5)
    registered_capital = models.DecimalField(_("注册资本"), max_digits=18, decimal_places=2)
    capital_currency = models.CharField(_("币种"), max_length=3)
    event_date = models.DateField(_("设立、变更或注销日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    revenue = models.DecimalField(_("营业收入"), max_digits=18, decimal_places=2, null=True, blank=True)
    total_assets = models.DecimalField(_("资产总额"), max_digits=18, decimal_places=2, null=True, blank=True)
    total_liabilities = models.DecimalField(_("负债总额"), max_digits=18, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("外商投资信息报告")
        verbose_name_plural = _("外商投资信息报告")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_district", _("区级审核外商投资信息报告")), ("review_city", _("市级审核外商投资信息报告"))]
        indexes = [models.Index(fields=["district", "status"]), models.Index(fields=["uscc", "kind"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.pk])

    @property
    def number(self) -> str:
        return f"XB{self.created_at:%Y}-{self.pk:06d}" if self.created_at else ""

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Investor(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="investors", verbose_name=_("报告"))
    name = models.CharField(_("投资者名称"), max_length=300)
    country = CountryField(_("国别（地区）"))
    share = models.DecimalField(_("出资比例（%）"), max_digits=7, decimal_places=4)
    controller_name = models.CharField(_("实际控制人"), max_length=300, blank=True)
    controller_country = CountryField(_("实际控制人国别（地区）"), blank=True)

    class Meta:
        verbose_name = _("投资者")
        verbose_name_plural = _("投资者")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """Paid-in capital by an investor: amount, currency and the day it was paid (实缴出资)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("报告"))
    investor = models.ForeignKey(Investor, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("出资人"))
    amount = models.DecimalField(_("实缴金额"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("币种"), max_length=3)
    paid_on = models.DateField(_("出资日期"))

    class Meta:
        verbose_name = _("实缴出资")
        verbose_name_plural = _("实缴出资")
        ordering = ["report", "paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.investor}: {self.amount} {self.currency}"


class ReportEvent(models.Model):
    class Kind(models.TextChoices):
        SAVED = "saved", pgettext_lazy("report event", "保存草稿")
        SUBMITTED = "submitted", pgettext_lazy("report event", "提交")
        DISTRICT_PASSED = "district_passed", pgettext_lazy("report event", "区级审核通过")
        CITY_ACCEPTED = "city_accepted", pgettext_lazy("report event", "市级审核通过")
        RETURNED = "returned", pgettext_lazy("report event", "退回修改")
        IMPORTED = "imported", pgettext_lazy("report event", "批量导入")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("报告"))
    kind = models.CharField(_("事项"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    level = models.CharField(_("审核层级"), max_length=8, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告办理记录")
        verbose_name_plural = _("报告办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report.number} {self.get_kind_display()}"


class Feed(models.Model):
    """One delivery of department data (registrations, FX capital flows, customs). Its rows live in an
    immutable Parquet file; a correction is a new delivery, never an edit."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("市场监管登记信息")
        FX = "fx", _("外汇资本项目收支")
        CUSTOMS = "customs", _("海关进出口")

    kind = models.CharField(_("数据类型"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("版本"))
    rows = models.PositiveIntegerField(_("行数"))
    # Rows identical to ones an earlier delivery already holds: a re-sent file must not count money twice.
    repeated_rows = models.PositiveIntegerField(_("此前已报送的行"), default=0)
    source_name = models.CharField(_("来源文件"), max_length=255)
    path = models.CharField(_("存储位置"), max_length=500)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送部门"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("部门数据")
        verbose_name_plural = _("部门数据")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="feed_version_unique")]
        permissions = [("upload_feed", _("上传部门数据"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Flag(models.Model):
    """An anomaly a cross-check found, with the numbers behind it and a reviewer's resolution.
    Re-running the checks updates the numbers but keeps the resolution (the key is stable)."""

    class Resolution(models.TextChoices):
        OPEN = "open", _("待核实")
        CONFIRMED = "confirmed", _("确认问题")
        EXPLAINED = "explained", _("已说明")
        FALSE_ALARM = "false_alarm", _("误报")

    check_id = models.CharField(_("核查规则"), max_length=40, db_index=True)
    key = models.CharField(_("标识"), max_length=200, unique=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    district = models.CharField(_("区"), max_length=80, blank=True, db_index=True)
    period = models.CharField(_("期间"), max_length=20, blank=True)
    reason = models.TextField(_("原因"))
    numbers = models.JSONField(_("数据"), default=dict)
    resolution = models.CharField(_("核实结果"), max_length=12, choices=Resolution.choices, default=Resolution.OPEN)
    resolution_note = models.TextField(_("核实说明"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    # The numbers the resolution was about: a confirmed lead counts these, and new numbers reopen the flag.
    resolved_numbers = models.JSONField(_("核实时的数据"), default=dict, blank=True)
    # Set by each run of the checks: a flag the latest run no longer finds is kept, inactive, with its resolution.
    active = models.BooleanField(_("最近一次核查仍发现"), default=True, db_index=True)
    first_seen = models.DateTimeField(_("首次发现"), auto_now_add=True)
    last_seen = models.DateTimeField(_("最近发现"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("核查预警")
        verbose_name_plural = _("核查预警")
        ordering = ["resolution", "-last_seen", "pk"]

    def __str__(self) -> str:
        return f"{self.check_id} {self.uscc or self.district} {self.period}"
