from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from directory.names import normalize_name
from directory.uscc import normalise_uscc, validate_uscc


class Unit(models.Model):
    """A responsible unit (责任单位) named in policy documents."""

    class Kind(models.TextChoices):
        MUNICIPAL_DEPARTMENT = "municipal_department", _("市政府部门")
        DISTRICT_GOVERNMENT = "district_government", _("区政府")
        MANAGEMENT_COMMITTEE = "management_committee", _("管委会")
        CENTRAL_AGENCY = "central_agency", _("中央驻京单位")
        PARTY_OFFICE = "party_office", _("市委部门")
        PUBLIC_INSTITUTION = "public_institution", _("事业单位")
        COORDINATION_OFFICE = "coordination_office", _("协调机构")
        GENERIC = "generic", _("泛指单位")

    code = models.SlugField(_("标识"), max_length=80, unique=True)
    name = models.CharField(_("正式名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def generic(self) -> bool:
        return self.kind == self.Kind.GENERIC

    def display_name(self, language: str | None) -> str:
        if language == "en" and self.name_en:
            return self.name_en
        return self.name


class UnitAlias(models.Model):
    """Another way a unit is written; the key makes lookups width- and quote-blind."""

    class Source(models.TextChoices):
        REFERENCE = "reference", _("参考数据")
        COORDINATOR = "coordinator", _("协调员映射")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("单位"))
    alias = models.CharField(_("写法"), max_length=200)
    key = models.CharField(_("检索键"), max_length=200, unique=True, editable=False)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.COORDINATOR)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit.name}"

    def save(self, *args, **kwargs) -> None:
        self.key = normalize_name(self.alias)
        super().save(*args, **kwargs)


class Zone(models.Model):
    """A zone or park named in policy documents (FTZ areas, bonded zones, parks)."""

    code = models.SlugField(_("标识"), max_length=80, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    kind = models.CharField(_("类别"), max_length=32)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("上级区域")
    )
    aliases = models.JSONField(_("别名"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None) -> str:
        if language == "en" and self.name_en:
            return self.name_en
        return self.name


class UnitMembership(models.Model):
    """A user who acts for a responsible unit (单位工作人员).

    The coordinating role (市商务局 / 两区办) is the `directory.coordinate`
    permission, granted through a group, so a coordinator can also belong to a unit.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_memberships", verbose_name=_("用户")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="staff_memberships", verbose_name=_("单位"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位工作人员")
        verbose_name_plural = _("单位工作人员")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unit_membership_unique")]
        permissions = [("coordinate", _("统筹调度（协调员）"))]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit.name}"


class Enterprise(models.Model):
    """A foreign-invested enterprise (外商投资企业) or would-be investor with an account on the platform.

    Units see an enterprise's issues only once a coordinator has verified it,
    so an unverified registration cannot put work on any unit's desk.
    """

    class Verification(models.TextChoices):
        PENDING = "pending", _("待核验")
        VERIFIED = "verified", _("已核验")
        REJECTED = "rejected", _("未通过核验")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True, validators=[validate_uscc])
    name = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    investor_countries = CountryField(_("投资者国别（地区）"), multiple=True, blank=True)
    industry = models.CharField(_("行业（GB/T 4754-2017）"), max_length=5)
    district = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        limit_choices_to={"kind": Unit.Kind.DISTRICT_GOVERNMENT},
        verbose_name=_("所在区"),
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="enterprises", verbose_name=_("所在区域（园区）")
    )
    verification = models.CharField(_("核验状态"), max_length=10, choices=Verification.choices, default=Verification.PENDING)
    verification_note = models.CharField(_("核验说明"), max_length=500, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("核验人")
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("虚构的演示企业，不是真实企业"))
    registered_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("外资企业")
        verbose_name_plural = _("外资企业")
        ordering = ["name"]
        # A registration the coordinators rejected (say, someone else's code) does not block the real enterprise.
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(verification="rejected"), name="enterprise_uscc_unique_unless_rejected"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.uscc = normalise_uscc(self.uscc)
        super().save(*args, **kwargs)

    @property
    def verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED

    def display_name(self, language: str | None) -> str:
        if language == "en" and self.name_en:
            return self.name_en
        return self.name


class EnterpriseContact(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("企业"))
    name = models.CharField(_("姓名"), max_length=100)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("企业联系人")
        verbose_name_plural = _("企业联系人")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class EnterpriseMembership(models.Model):
    """A user who acts for an enterprise; an enterprise may have several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_memberships", verbose_name=_("用户")
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("企业"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("企业用户")
        verbose_name_plural = _("企业用户")
        constraints = [models.UniqueConstraint(fields=["user", "enterprise"], name="enterprise_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise.name}"


class EnterpriseClaim(models.Model):
    """Someone registered a credit code that already has an account on the platform. Whoever registered first
    does not decide who else may act for the company: the claim waits for a coordinator, who compares it with
    the enterprise on record and accepts it (the claimant becomes one of its accounts) or refuses it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待协调员核验")
        ACCEPTED = "accepted", _("已确认")
        REFUSED = "refused", _("未予确认")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_claims", verbose_name=_("申请账号")
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="claims", verbose_name=_("企业"))
    name = models.CharField(_("填报的企业名称"), max_length=200)
    contact = models.CharField(_("填报的联系人"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("核验说明"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("核验人")
    )
    decided_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("企业账号申请")
        verbose_name_plural = _("企业账号申请")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"], condition=models.Q(status="pending"), name="enterprise_claim_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"
