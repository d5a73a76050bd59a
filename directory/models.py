from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.names import normalize_name


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

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["code"]

    def __str__(self) -> str:
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

    class Meta:
        verbose_name = _("单位工作人员")
        verbose_name_plural = _("单位工作人员")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unit_membership_unique")]
        permissions = [("coordinate", _("统筹调度（协调员）"))]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit.name}"
