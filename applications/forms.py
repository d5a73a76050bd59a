"""The application form, built from the type's data file: one field per declared field
and one upload per declared document. The same checks serve the page and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.models import CatalogueVersion, Qualification
from applications.types import ApplicationType, DocumentSpec, FormField
from attachments.forms import AttachmentsField
from attachments.uploads import extension


def _field(spec: FormField, language: str | None) -> forms.Field:
    common: dict[str, Any] = {
        "label": spec.label.get(language),
        "required": False,
        "help_text": spec.help.get(language) if spec.help else "",
    }
    options = [(o.value, o.en if (language or "").startswith("en") else o.zh) for o in spec.options]
    if spec.type == "textarea":
        return forms.CharField(max_length=spec.max_length, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if spec.type == "number":
        return forms.DecimalField(min_value=spec.min, max_value=spec.max, max_digits=18, decimal_places=2, **common)
    if spec.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.type == "bool":
        return forms.TypedChoiceField(
            choices=[("", "—"), ("yes", _("是")), ("no", _("否"))], coerce=lambda v: v == "yes", empty_value=None, **common
        )
    if spec.type == "choice":
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    if spec.type == "multi":
        return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
    if spec.type == "country":
        return forms.ChoiceField(choices=[("", "—"), *list(countries)], **common)
    if spec.type == "qualification":
        current = CatalogueVersion.objects.filter(current=True).first()
        entries = Qualification.objects.filter(catalogue=current) if current else Qualification.objects.none()
        return forms.ModelChoiceField(entries, **common)
    return forms.CharField(max_length=spec.max_length, **common)


class DocumentField(AttachmentsField):
    """Uploads for one document slot, checked against the slot's allowed types and by content."""

    def __init__(self, spec: DocumentSpec, language: str | None):
        self.spec = spec
        types = ", ".join(spec.types)
        super().__init__(label=spec.label.get(language), help_text=_("格式：%(types)s") % {"types": types})

    def problem(self, upload: UploadedFile) -> str | None:
        if extension(upload.name or "") not in self.spec.types:
            return str(_("“%(name)s”不是所需格式（%(types)s）。") % {"name": upload.name, "types": ", ".join(self.spec.types)})
        return super().problem(upload)


class ApplicationForm(forms.Form):
    """Saving a draft takes what is there; submitting needs every required field (checked by `missing`)."""

    def __init__(self, app_type: ApplicationType, language: str | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app_type = app_type
        # The version a draft was read at: two people of one enterprise editing it must not overwrite each other.
        self.fields["based_on"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
        for spec in app_type.fields:
            self.fields[spec.id] = _field(spec, language)
        for document in app_type.documents:
            self.fields[f"doc_{document.id}"] = DocumentField(document, language)

    def answers(self) -> dict[str, Any]:
        """The answers as stored: JSON values (numbers as numbers, the qualification as its id)."""
        result: dict[str, Any] = {}
        for spec in self.app_type.fields:
            value = self.cleaned_data.get(spec.id)
            if value in (None, "", []):
                continue
            if spec.type == "number":
                value = int(value) if value == value.to_integral_value() else float(value)
            elif spec.type == "date":
                value = value.isoformat()
            elif spec.type == "qualification":
                value = value.pk
            result[spec.id] = value
        return result

    def documents(self) -> dict[str, list]:
        return {d.id: self.cleaned_data.get(f"doc_{d.id}") or [] for d in self.app_type.documents}

    def require_complete(self) -> bool:
        """Mark every required field left empty; True when none is."""
        for spec in self.app_type.fields:
            if spec.required and self.cleaned_data.get(spec.id) in (None, "", []):
                self.add_error(spec.id, _("提交前请填写此项。"))
        return not self.errors


def initial_from(answers: dict[str, Any], app_type: ApplicationType) -> dict[str, Any]:
    initial = dict(answers)
    for spec in app_type.fields:
        if spec.type == "bool" and spec.id in answers:
            initial[spec.id] = "yes" if answers[spec.id] else "no"
    return initial


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("pass", _("通过本步骤")), ("info", _("要求补充材料")), ("reject", _("不予批准"))],
        label=_("审核结论"),
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见、需补充的内容或理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ProvideInfoForm(forms.Form):
    answer = forms.CharField(label=_("补充说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, app_type: ApplicationType, language: str | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app_type = app_type
        for document in app_type.documents:
            self.fields[f"doc_{document.id}"] = DocumentField(document, language)

    def documents(self) -> dict[str, list]:
        return {d.id: self.cleaned_data.get(f"doc_{d.id}") or [] for d in self.app_type.documents}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
