"""The bilingual report form: the report itself, its investors and their paid-in capital. The form only
collects (lists are offered as selects but taken as text); `reporting.validation` decides, so the page,
the API and the import say the same things."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from reporting.models import Feed, Flag, Report
from reporting.reporting_rules import rules
from reporting.validation import ContributionData, InvestorData, ReportData


def _currencies():
    return [(c, c) for c in rules().currencies]


def _countries():
    return [("", "—"), *list(countries)]


class ReportForm(forms.Form):
    # The version a draft was read at: two people of one enterprise editing it must not overwrite each other.
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    kind = forms.ChoiceField(choices=Report.Kind.choices, label=_("报告类型"))
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    name = forms.CharField(label=_("企业名称"), max_length=200)
    industry = forms.CharField(label=_("行业（GB/T 4754-2017）"), max_length=10, help_text=_("如 6421 或 I64"))
    registered_capital = forms.CharField(label=_("注册资本"), max_length=30)
    capital_currency = forms.CharField(label=_("币种"), widget=forms.Select, max_length=8)
    event_date = forms.CharField(label=_("设立、变更或注销日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.CharField(label=_("报告年度（年度报告）"), required=False, max_length=4)
    revenue = forms.CharField(label=_("营业收入"), required=False, max_length=30)
    total_assets = forms.CharField(label=_("资产总额"), required=False, max_length=30)
    total_liabilities = forms.CharField(label=_("负债总额"), required=False, max_length=30)
    employees = forms.CharField(label=_("从业人数"), required=False, max_length=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capital_currency"].widget.choices = _currencies()  # type: ignore[attr-defined]


class InvestorForm(forms.Form):
    name = forms.CharField(label=_("投资者名称"), max_length=300, required=False)
    country = forms.CharField(label=_("国别（地区）"), required=False, max_length=8, widget=forms.Select)
    share = forms.CharField(label=_("出资比例（%）"), max_length=12, required=False)
    controller_name = forms.CharField(label=_("实际控制人"), max_length=300, required=False)
    controller_country = forms.CharField(label=_("实际控制人国别（地区）"), required=False, max_length=8, widget=forms.Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Country names in the reader's language, built per form.
        for name in ("country", "controller_country"):
            self.fields[name].widget.choices = _countries()  # type: ignore[attr-defined]


class ContributionForm(forms.Form):
    investor = forms.CharField(label=_("出资人（投资者名称）"), max_length=300, required=False)
    amount = forms.CharField(label=_("实缴金额"), max_length=30, required=False)
    currency = forms.CharField(label=_("币种"), required=False, max_length=8, widget=forms.Select)
    paid_on = forms.CharField(label=_("出资日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].widget.choices = _currencies()  # type: ignore[attr-defined]


InvestorFormSet = forms.formset_factory(InvestorForm, extra=1, max_num=50, absolute_max=50)
ContributionFormSet = forms.formset_factory(ContributionForm, extra=1, max_num=100, absolute_max=100)


def _filled(form: forms.Form) -> bool:
    return any(str(v).strip() for k, v in form.cleaned_data.items() if k not in ("currency", "country", "controller_country"))


def report_data(form: ReportForm, investors, contributions) -> ReportData:
    data = ReportData(**{name: value for name, value in form.cleaned_data.items() if name != "based_on"})
    data.investors = [InvestorData(**f.cleaned_data) for f in investors if f.cleaned_data and _filled(f)]
    data.contributions = [ContributionData(**f.cleaned_data) for f in contributions if f.cleaned_data and _filled(f)]
    return data


def attach_errors(errors: dict[str, str], form: ReportForm, investors, contributions) -> None:
    """Put the validator's messages on the fields they concern ('investors.1.share' → second investor's share)."""
    filled_investors = [f for f in investors if f.cleaned_data and _filled(f)]
    filled_contributions = [f for f in contributions if f.cleaned_data and _filled(f)]
    for path, message in errors.items():
        parts = path.split(".")
        if parts[0] in ("investors", "contributions") and len(parts) == 1:
            # About the list as a whole (shares not adding up, no investor): shown above the list.
            (investors if parts[0] == "investors" else contributions).non_form_errors().append(message)
        elif parts[0] in ("investors", "contributions") and len(parts) == 3:
            target = (filled_investors if parts[0] == "investors" else filled_contributions)[int(parts[1])]
            target.add_error(parts[2] if parts[2] in target.fields else None, message)
        elif parts[0] in form.fields:
            form.add_error(parts[0], message)
        else:
            form.add_error(None, message)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("审核通过")), ("return", _("退回修改"))], widget=forms.RadioSelect, label=_("审核结论")
    )
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("报告文件（.xlsx 或 .csv）"))


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=[(v, label) for v, label in Flag.Resolution.choices if v != Flag.Resolution.OPEN],
        label=_("核实结果"),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("核实说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class FeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"))
    file = forms.FileField(label=_("数据文件（.csv 或 .xlsx）"))

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Feed.Kind(k).label) for k in kinds]  # type: ignore[attr-defined]
