from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attachments.forms import AttachmentsField
from corpus.models import Document
from directory.models import Unit
from tracking import ledger
from tracking.models import DispatchRound, Milestone, ProgressReport, ProgressStatus, Task, progress_problem
from workflow.forms import VersionedForm


class BoundedIdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that treats an id no database column can hold as an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and not (str(value).isdigit() and 0 < int(value) < 2**63):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoardFilterForm(forms.Form):
    document = BoundedIdChoiceField(
        Document.objects.filter(is_latest=True).order_by("-issued_on"), required=False, label=_("文件"), empty_label=_("全部文件")
    )
    # Bounded like the ids they name: a number past a 64-bit integer is no measure, not a database error.
    measure = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    unit = forms.ModelChoiceField(
        Unit.objects.filter(task_assignments__isnull=False).distinct().order_by("kind", "code"),
        required=False,
        label=_("单位"),
        empty_label=_("全部单位"),
    )
    status = forms.ChoiceField(choices=[("", _("全部状态")), *ProgressStatus.choices], required=False, label=_("状态"))
    flag = forms.ChoiceField(
        choices=[("", _("全部")), ("overdue", _("逾期")), ("at_risk", _("临期风险"))], required=False, label=_("预警")
    )
    q = forms.CharField(required=False, max_length=100, label=_("关键词"))


class TaskForm(VersionedForm):
    class Meta:
        model = Task
        fields = ["title", "deliverable", "priority", "due_on"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "deliverable": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }


MilestoneFormSet = forms.inlineformset_factory(
    Task,
    Milestone,
    fields=["title", "due_on", "done_on"],
    extra=2,
    can_delete=True,
    widgets={"due_on": forms.DateInput(attrs={"type": "date"}), "done_on": forms.DateInput(attrs={"type": "date"})},
)


class ReportForm(forms.ModelForm):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("报送单位"))
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    attachments = AttachmentsField(limit_setting="TRACKING_MAX_ATTACHMENT_BYTES", help_text="")

    class Meta:
        model = ProgressReport
        fields = ["status", "percent", "narrative", "next_steps", "difficulties"]
        widgets = {
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.only_unit = units[0] if len(units) == 1 else None
        if self.only_unit is not None:
            # An officer of one unit reports for it; there is nothing to choose.
            field.required, field.initial, field.widget = False, self.only_unit.pk, forms.HiddenInput()

    def clean_unit(self):
        return self.cleaned_data.get("unit") or self.only_unit

    def clean(self):
        cleaned = super().clean()
        status, percent = cleaned.get("status"), cleaned.get("percent")
        problem = progress_problem(status, percent) if status and percent is not None else None
        if problem:
            self.add_error("percent", problem)
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ProgressReport.Review.ACCEPTED, _("采纳")), (ProgressReport.Review.RETURNED, _("退回"))], label=_("审核结论")
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("审核意见"), max_length=2000)
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RoundForm(forms.ModelForm):
    class Meta:
        model = DispatchRound
        fields = ["title", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"title": _("例如“2026年12月调度”")}


class GenerateForm(forms.Form):
    expand_generic = forms.TypedChoiceField(
        choices=[("0", _("保留原文写法（如“各区政府”），由协调员再分配")), ("1", _("展开为具体单位（“各区政府”→16个区政府）"))],
        coerce=lambda v: v == "1",
        initial="0",
        widget=forms.RadioSelect,
        label=_("泛指单位"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("台账文件（.xlsx）"))


def board_filter(params) -> tuple[BoardFilterForm, ledger.BoardFilter]:
    """The board's filter from its query parameters (a page request, or an export job's saved query)."""
    form = BoardFilterForm(params or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        flt = ledger.BoardFilter(
            document=data["document"].pk if data["document"] else None,
            measure=data["measure"],
            unit=data["unit"].pk if data["unit"] else None,
            status=data["status"] or None,
            flag=data["flag"] or None,
            q=data["q"] or None,
        )
        return form, flt
    return form, ledger.BoardFilter()
