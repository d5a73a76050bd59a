"""Forms for enterprise services. The same checks serve the pages and the API
(`check_attachment`, the enterprise and issue validators), so a bad USCC or an
oversized file gets the same message through either door."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from attachments.forms import AttachmentsField
from directory.forms import LocalizedModelChoiceField, LocalizedModelMultipleChoiceField
from directory.industries import IndustryCodeError, normalise_industry_code
from directory.models import Enterprise, EnterpriseContact, Unit, Zone
from directory.uscc import normalise_uscc, uscc_problem
from interface.language import in_english
from services.catalogue import catalogue
from services.models import Answer, Issue, Partner, PartnerContact, Roundtable, RoundtableTopic


def industry_problem(raw: str) -> tuple[str, str | None]:
    """The normalised GB/T 4754 code, and what is wrong with it if anything."""
    try:
        return normalise_industry_code(raw), None
    except IndustryCodeError as exc:
        return raw, str(exc)


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["uscc", "name", "name_en", "investor_countries", "industry", "district", "zone"]
        field_classes = {"district": LocalizedModelChoiceField, "zone": LocalizedModelChoiceField}
        help_texts = {
            "uscc": _("18位，见营业执照"),
            "industry": _("GB/T 4754-2017 代码，如 6421 或 I64"),
            "investor_countries": _("可多选"),
        }

    def __init__(self, *args, sign_up: bool = False, **kwargs):
        # At sign-up a code already registered is not refused (that would tell anyone which companies have
        # accounts): services.signup makes it a claim for the coordinator.
        self.sign_up = sign_up
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOVERNMENT).order_by("code")  # type: ignore[attr-defined]
        self.fields["district"].required = True
        self.fields["zone"].queryset = Zone.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["investor_countries"].required = True

    def clean_uscc(self) -> str:
        code = normalise_uscc(self.cleaned_data["uscc"])
        problem = uscc_problem(code)
        if problem:
            raise ValidationError(problem)
        registered = Enterprise.objects.filter(uscc=code).exclude(verification=Enterprise.Verification.REJECTED)
        if not self.sign_up and registered.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("该统一社会信用代码已注册。如需为该企业办理业务，请联系企业已有的账号添加您。"))
        return code

    def validate_unique(self) -> None:
        if not self.sign_up:  # the one unique constraint is the credit code's, handled above
            super().validate_unique()

    def clean_industry(self) -> str:
        code, problem = industry_problem(self.cleaned_data["industry"])
        if problem:
            raise ValidationError(problem)
        return code


class AccountForm(UserCreationForm):
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("办理进展将发送到此邮箱"))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


ContactFormSet = forms.inlineformset_factory(
    Enterprise,
    EnterpriseContact,
    fields=["name", "title", "email", "phone"],
    extra=0,
    min_num=1,
    validate_min=True,
    can_delete=False,
)


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(Enterprise.Verification.VERIFIED, _("核验通过")), (Enterprise.Verification.REJECTED, _("不通过"))],
        label=_("核验结论"),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Enterprise.Verification.REJECTED and not cleaned.get("note", "").strip():
            self.add_error("note", _("不通过核验时请说明原因，企业将看到这一说明。"))
        return cleaned


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("确认：该申请人可代表该企业")), ("refuse", _("不予确认"))],
        label=_("核验结论"),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=500, help_text=_("将告知申请人"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("note", "").strip():
            self.add_error("note", _("不予确认时请说明原因，申请人将看到这一说明。"))
        return cleaned


class IssueForm(forms.ModelForm):
    category = forms.ChoiceField(label=_("类别"))
    attachments = AttachmentsField()

    class Meta:
        model = Issue
        fields = ["kind", "category", "title", "description", "language", "roundtable_ok"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "kind": forms.RadioSelect}
        help_texts = {
            "kind": _(
                "投诉是指认为行政机关的行政行为侵犯了企业合法权益，或反映投资环境问题（外商投资企业投诉工作办法 第二条）。"
            ),
            "roundtable_ok": _("勾选后，协调员可将该问题列入外资企业圆桌会议讨论。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = catalogue().category_choices(get_language())  # type: ignore[attr-defined]
        if in_english():
            self.fields["language"].initial = Issue.Language.EN

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise ValidationError(_("请具体描述遇到的问题（至少10个字）。"))
        return text


def _unit_choices():
    return Unit.objects.exclude(kind=Unit.Kind.GENERIC).order_by("kind", "code")


class RouteForm(forms.Form):
    unit = LocalizedModelChoiceField(_unit_choices(), label=_("首接单位"))
    co_units = LocalizedModelMultipleChoiceField(_unit_choices(), required=False, label=_("协办单位"))
    reason = forms.CharField(label=_("分派说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean(self):
        cleaned = super().clean()
        unit, co_units = cleaned.get("unit"), cleaned.get("co_units") or []
        if unit and unit in co_units:
            self.add_error("co_units", _("首接单位不能同时是协办单位。"))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class TransferForm(ReasonForm):
    to_unit = LocalizedModelChoiceField(_unit_choices(), label=_("建议转给"))


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("agree", _("同意转办")), ("decline", _("不同意"))], label=_("决定"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ExtendForm(ReasonForm):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=60)


class AnswerForm(forms.ModelForm):
    attachments = AttachmentsField()

    class Meta:
        model = Answer
        fields = ["outcome", "text", "reason"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "reason": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Answer.Outcome.CANNOT_SOLVE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("结果为“暂不能解决”时，须说明原因。"))
        return cleaned


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int, label=_("满意度（1–5分）"), widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("办理说明（仅工作人员可见）"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ColleagueForm(forms.ModelForm):
    """A second user for the same enterprise. Whoever adds the colleague chooses no password: the colleague
    receives a link to set their own, so nobody else ever knows it."""

    first_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), max_length=254, help_text=_("设置密码的链接将发送到此邮箱"))

    class Meta:
        model = get_user_model()
        fields = ("first_name", "username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email, is_active=True).exists():
            raise ValidationError(_("该邮箱已用于另一个账号，请换一个邮箱。"))
        return email

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["enterprise", "focus_field", "criteria", "service_unit", "service_contact", "enrolled_on"]
        field_classes = {"enterprise": LocalizedModelChoiceField, "service_unit": LocalizedModelChoiceField}
        widgets = {"enrolled_on": forms.DateInput(attrs={"type": "date"}), "criteria": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(verification=Enterprise.Verification.VERIFIED)  # type: ignore[attr-defined]
        self.fields["service_unit"].queryset = _unit_choices()  # type: ignore[attr-defined]
        self.fields["service_contact"].queryset = get_user_model().objects.filter(unit_memberships__isnull=False).distinct()  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        unit, contact = cleaned.get("service_unit"), cleaned.get("service_contact")
        if unit and contact and not contact.unit_memberships.filter(unit=unit).exists():
            self.add_error("service_contact", _("服务管家应是服务单位的工作人员。"))
        enterprise = cleaned.get("enterprise")
        if enterprise and Partner.objects.filter(enterprise=enterprise, ended_on__isnull=True).exists():
            self.add_error("enterprise", _("该企业已是全球服务伙伴。"))
        return cleaned


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["on", "kind", "summary"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}), "summary": forms.Textarea(attrs={"rows": 3})}


class RoundtableForm(forms.ModelForm):
    class Meta:
        model = Roundtable
        fields = ["held_on", "topic", "topic_en", "place", "host", "enterprises", "units"]
        field_classes = {
            "host": LocalizedModelChoiceField,
            "enterprises": LocalizedModelMultipleChoiceField,
            "units": LocalizedModelMultipleChoiceField,
        }
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = _unit_choices()  # type: ignore[attr-defined]
        self.fields["units"].queryset = _unit_choices()  # type: ignore[attr-defined]
        self.fields["enterprises"].queryset = Enterprise.objects.filter(verification=Enterprise.Verification.VERIFIED)  # type: ignore[attr-defined]


class TopicForm(forms.ModelForm):
    class Meta:
        model = RoundtableTopic
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MinutesItemForm(forms.Form):
    """An issue raised at a roundtable, recorded in the minutes and assigned to a unit."""

    enterprise = LocalizedModelChoiceField(Enterprise.objects.none(), label=_("提出企业"))
    category = forms.ChoiceField(label=_("类别"))
    title = forms.CharField(label=_("问题"), max_length=200)
    description = forms.CharField(label=_("会上反映的情况"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = LocalizedModelChoiceField(_unit_choices(), label=_("承办单位"))

    def __init__(self, *args, roundtable: Roundtable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = roundtable.enterprises.all()  # type: ignore[attr-defined]
        self.fields["category"].choices = catalogue().category_choices(get_language())  # type: ignore[attr-defined]
