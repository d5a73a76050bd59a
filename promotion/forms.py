from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import LocalizedModelChoiceField, LocalizedModelMultipleChoiceField
from directory.industries import IndustryCodeError, normalise_industry_code
from directory.models import Enterprise, Unit, Zone
from directory.uscc import normalise_uscc
from promotion.models import Event, Matchmaking, Project, Stage, TaskForceMeeting, TaskForceProblem
from workflow.forms import VersionedForm

SIGNED_OR_LATER = (Stage.SIGNED, Stage.REGISTERED, Stage.CAPITAL_ARRIVED)


class ProjectForm(VersionedForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "investor",
            "investor_country",
            "industry",
            "amount_usd",
            "zones",
            "owner",
            "encouraged",
            "catalogue_item",
            "manufacturing_leader",
            "signed_at",
            "description",
        ]
        field_classes = {"owner": LocalizedModelChoiceField, "zones": LocalizedModelMultipleChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "encouraged": forms.NullBooleanSelect}
        help_texts = {"industry": _("GB/T 4754-2017 代码，如 3670 或 C36")}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if self.instance.pk is None:
            self.fields["based_on"].required = False
        else:
            self.fields["based_on"].initial = self.instance.version
        self.fields["zones"].queryset = Zone.objects.order_by("code")  # type: ignore[attr-defined]

    def clean_amount_usd(self):
        amount = self.cleaned_data.get("amount_usd")
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("总投资不能为负数。"))
        return amount

    def clean_industry(self) -> str:
        try:
            return normalise_industry_code(self.cleaned_data["industry"])
        except IndustryCodeError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("encouraged") and not (cleaned.get("catalogue_item") or "").strip():
            self.add_error("catalogue_item", _("认定属于鼓励类时，请注明所依据的目录条目。"))
        signed = self.instance.pk is not None and self.instance.stage in SIGNED_OR_LATER
        if signed and cleaned.get("amount_usd") is None:
            self.add_error("amount_usd", _("项目已签约，须保留总投资。"))
        if cleaned.get("signed_at") is not None and not signed:
            self.add_error("signed_at", _("项目签约后才能填写签约活动。"))
        return cleaned


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, label=_("转到阶段"))
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    uscc = forms.CharField(label=_("注册企业统一社会信用代码"), required=False, max_length=30, help_text=_("转到“注册”时填写"))

    def clean_uscc(self) -> Enterprise | None:
        raw = self.cleaned_data.get("uscc", "")
        if not raw:
            return None
        enterprise = (
            Enterprise.objects.filter(uscc=normalise_uscc(raw)).exclude(verification=Enterprise.Verification.REJECTED).first()
        )
        if enterprise is None:
            raise forms.ValidationError(_("平台上没有这个统一社会信用代码的企业；请先请企业注册。"))
        return enterprise


def _units():
    return Unit.objects.exclude(kind=Unit.Kind.GENERIC).order_by("kind", "code")


class ProblemForm(forms.ModelForm):
    class Meta:
        model = TaskForceProblem
        fields = ["description", "units", "raised_on"]
        field_classes = {"units": LocalizedModelMultipleChoiceField}
        widgets = {"raised_on": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _units()  # type: ignore[attr-defined]


class SolveForm(forms.Form):
    resolution = forms.CharField(label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = TaskForceMeeting
        fields = ["held_on", "place", "agenda", "projects"]
        field_classes = {"projects": forms.ModelMultipleChoiceField}
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "agenda": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(task_force=True)  # type: ignore[attr-defined]
        self.fields["projects"].required = False


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["name", "name_en", "starts_on", "place", "organiser", "description"]
        field_classes = {"organiser": LocalizedModelChoiceField}
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = _units()  # type: ignore[attr-defined]


class MatchmakingForm(forms.ModelForm):
    class Meta:
        model = Matchmaking
        fields = ["project", "zones", "units", "notes"]
        field_classes = {"zones": LocalizedModelMultipleChoiceField, "units": LocalizedModelMultipleChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["zones"].queryset = Zone.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["units"].queryset = _units()  # type: ignore[attr-defined]
