from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import Unit


class Document(models.Model):
    """One version of a policy document (政策文件)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("征求意见稿")
        FINAL = "final", _("正式文件")

    title = models.CharField(_("标题"), max_length=300)
    base_title = models.CharField(
        _("基本标题"), max_length=300, db_index=True, help_text=_("去掉“征求意见稿”等标记的标题，用于关联版本")
    )
    title_en = models.CharField(_("英文标题"), max_length=400, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    issuer_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="issued_documents", verbose_name=_("发文单位")
    )
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    complete = models.BooleanField(_("全文完整"), default=True)
    structure = models.CharField(
        _("结构"),
        max_length=8,
        choices=[("measures", _("措施")), ("articles", _("条文"))],
        default="measures",
        help_text=_("法律法规按“第X条”分条；其他文件按编号措施分项"),
    )
    script = models.CharField(
        _("字形"),
        max_length=12,
        choices=[("simplified", _("简体字")), ("traditional", _("繁体字"))],
        default="simplified",
        help_text=_("繁体字文本按原文保存和显示，解析和检索按其简体字读法"),
    )
    adopted = models.DateField(_("通过日期"), null=True, blank=True, help_text=_("法律法规首次通过之日"))
    effective = models.DateField(_("施行日期"), null=True, blank=True, help_text=_("依其施行条款；“自公布之日起施行”为公布之日"))
    attachments = models.JSONField(_("附件"), default=list, blank=True, help_text=_("文件所附的清单、方案等，不是措施"))
    version_history = models.JSONField(_("版本沿革"), default=list, blank=True, help_text=_("标题下所载的通过、修正、修订、公布"))
    source_name = models.CharField(_("来源文件"), max_length=300)
    source_format = models.CharField(_("格式"), max_length=8)
    encoding = models.CharField(_("编码"), max_length=20, blank=True)
    preamble = models.TextField(_("导语"), blank=True)
    text = models.TextField(_("清洗后全文"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_version", verbose_name=_("上一版本")
    )
    is_latest = models.BooleanField(_("最新版本"), default=True, db_index=True)
    ingested_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-issued_on", "-ingested_at"]
        constraints = [models.UniqueConstraint(fields=["base_title", "version"], name="document_version_unique")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("corpus:document", args=[self.pk])

    def display_title(self, language: str | None) -> str:
        return self.title_en if language == "en" and self.title_en else self.title

    def versions(self) -> models.QuerySet[Document]:
        return Document.objects.filter(base_title=self.base_title).order_by("version")


class Section(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections", verbose_name=_("文件"))
    order = models.PositiveIntegerField(_("顺序"))
    number = models.CharField(_("序号"), max_length=16)
    level = models.PositiveSmallIntegerField(_("层级"))
    title = models.CharField(_("标题"), max_length=300)
    title_en = models.CharField(_("英文标题"), max_length=300, blank=True)
    text = models.TextField(_("正文"), blank=True)

    class Meta:
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        ordering = ["document", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def heading_number(self) -> str:
        """The number as a heading writes it: 一、 (a plain numeral), （一）, 第一章 (followed by a space)."""
        if self.number.startswith("第"):
            return f"{self.number} "
        if self.number[:1] in "（(":
            return self.number
        return f"{self.number}、" if not self.number.isdigit() else f"{self.number}. "

    def display_title(self, language: str | None) -> str:
        return self.title_en if language == "en" and self.title_en else self.title


class MeasureQuerySet(models.QuerySet):
    def owned_by(self, unit: Unit) -> MeasureQuerySet:
        """Measures naming the unit in any group, annotated `is_lead` when it leads one (labelled 牵头, or named first)."""
        named = UnitGroupMember.objects.filter(group__measure=models.OuterRef("pk"), unit=unit)
        return self.filter(models.Exists(named)).annotate(is_lead=models.Exists(named.filter(lead=True)))


class Measure(models.Model):
    """A numbered measure (措施) of a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="measures", verbose_name=_("文件"))
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures", verbose_name=_("章节")
    )
    number = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=8, choices=[("measure", _("措施")), ("article", _("条"))], default="measure")
    label = models.CharField(_("编号"), max_length=20, blank=True, help_text=_("原文编号，如“第三十八条”“（十二）”“12”"))
    suffix = models.PositiveSmallIntegerField(_("之几"), default=0, help_text=_("“第十条之一”为 1"))
    title = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("全文"))
    title_en = models.CharField(_("英文标题"), max_length=300, blank=True)
    summary_en = models.TextField(_("英文摘要"), blank=True)
    mentions = models.JSONField(_("提及"), default=dict, blank=True)
    search_text = models.TextField(_("分词索引"), blank=True, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("措施")
        verbose_name_plural = _("措施")
        ordering = ["document", "number"]
        # Numbering may restart in each section (一、1. 2. 二、1. …).
        # 第十条之一 follows 第十条 under the same number.
        constraints = [
            models.UniqueConstraint(fields=["document", "section", "number", "suffix"], name="measure_number_unique_in_section")
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("corpus:measure", args=[self.pk])

    @property
    def number_label(self) -> str:
        """How a list shows the number: 第三十八条 for an article, 6. for a measure."""
        return self.label if self.kind == "article" and self.label else f"{self.number}."

    @property
    def citation_label(self) -> str:
        """How a citation names the provision: 第三十八条 for an article, 第6条 for the sixth measure."""
        if self.kind == "article" and self.label:
            return self.label
        return gettext("第%(n)s条") % {"n": self.number}

    def display_title(self, language: str | None) -> str:
        return self.title_en if language == "en" and self.title_en else self.title


class UnitGroup(models.Model):
    """A parenthesised list of responsible units closing one or more sentences."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="unit_groups", verbose_name=_("措施"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    raw = models.CharField(_("原文"), max_length=1000)
    has_etc = models.BooleanField(_("含“等”"), default=False)
    closes = models.TextField(_("对应语句"), blank=True)
    scope = models.CharField(_("适用范围"), max_length=500, blank=True, help_text=_("原文所写的适用范围，如“福建自贸试验区”"))
    scope_inherited = models.BooleanField(
        _("适用范围沿用前文"), default=False, help_text=_("本组未写适用范围，沿用前面措施所定的“以下……适用范围均为……”")
    )

    class Meta:
        verbose_name = _("责任单位组")
        verbose_name_plural = _("责任单位组")
        ordering = ["measure", "order"]

    def __str__(self) -> str:
        return self.raw


class UnitGroupMember(models.Model):
    """One unit as written in a group, resolved to the registry when possible."""

    group = models.ForeignKey(UnitGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("单位组"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("原文写法"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name=_("单位")
    )
    generic = models.BooleanField(_("泛指"), default=False)
    lead = models.BooleanField(_("牵头"), default=False, help_text=_("标为牵头单位，或未标明时列第一位"))

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位（原文）")
        ordering = ["group", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_lead(self) -> bool:
        return self.lead


class MeasureSimilarity(models.Model):
    """A measure in another document that says much the same (lineage)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="similarities", verbose_name=_("措施"))
    other = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+", verbose_name=_("相似措施"))
    score = models.FloatField(_("相似度"))

    class Meta:
        verbose_name = _("相似措施")
        verbose_name_plural = _("相似措施")
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["measure", "other"], name="similarity_pair_unique")]

    def __str__(self) -> str:
        return f"{self.measure} ~ {self.other} ({self.score:.2f})"
