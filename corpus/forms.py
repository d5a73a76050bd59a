from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.forms import MultipleFileInput
from corpus.models import Document, Section
from directory.models import Unit


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例如：外债、地区总部、数据出境")}),
    )
    document = forms.ModelChoiceField(
        label=_("文件"), queryset=Document.objects.filter(is_latest=True), required=False, empty_label=_("全部文件")
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.all(), to_field_name="code", required=False, empty_label=_("全部单位")
    )
    section = forms.ChoiceField(label=_("章节"), required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        titles = (
            Section.objects.filter(document__is_latest=True, measures__isnull=False).values_list("title", flat=True).distinct()
        )
        self.fields["section"].choices = [("", _("全部章节")), *((t, t) for t in sorted(set(titles)))]


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    documents = MultipleFileField(
        label=_("政策文件"),
        widget=MultipleFileInput(attrs={"accept": ".txt,.pdf,.docx,.html,.htm"}),
        help_text=_("支持 .txt（UTF-8 / GB18030 / UTF-16）、.pdf（含文字层）、.docx、.html"),
    )
    dry_run = forms.BooleanField(label=_("仅预览，不保存"), required=False)


class MapUnitForm(forms.Form):
    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label=_("映射到"), queryset=Unit.objects.all(), to_field_name="code")
