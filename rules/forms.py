from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rules.access import COVERAGE_START


class AccessCheckForm(forms.Form):
    activity = forms.CharField(
        label=_("投资领域或业务"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("例如：互联网数据中心、电子商务、航空公司、online data processing"), "list": "activity-names"}
        ),
    )
    # Set by choosing one of the activities the text fitted ("which do you mean?").
    activity_id = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)
    industry_code = forms.RegexField(
        label=_("行业代码（GB/T 4754-2017，可选）"),
        regex=r"^\d{4}$",
        required=False,
        max_length=4,
        error_messages={"invalid": _("行业代码是 4 位数字，例如 6450。")},
    )
    zone = forms.ChoiceField(
        label=_("地点"),
        choices=[("bj", _("北京（服务业扩大开放综合示范区）")), ("bj-ftz", _("北京自贸试验区")), ("cn", _("中国其他地区"))],
    )
    foreign_share = forms.DecimalField(
        label=_("拟持外资股比（%）"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=100,
        error_messages={
            "required": _("请填写拟持外资股比（0 到 100）。"),
            "invalid": _("外资股比须是 0 到 100 之间的数字。"),
            "min_value": _("外资股比不能小于 0。"),
            "max_value": _("外资股比不能超过 100。"),
        },
    )
    largest_investor_share = forms.DecimalField(
        label=_("最大单一外国投资者（含关联企业）持股（%）"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        help_text=_("不填时按全部外资由一家投资者持有计算。"),
        error_messages={
            "invalid": _("持股比例须是 0 到 100 之间的数字。"),
            "min_value": _("持股比例不能小于 0。"),
            "max_value": _("持股比例不能超过 100。"),
        },
    )
    legal_rep_chinese = forms.ChoiceField(
        label=_("法定代表人是否为中国籍"),
        choices=[("", _("尚未确定")), ("yes", _("是")), ("no", _("否"))],
        required=False,
    )
    investor_region = forms.ChoiceField(
        label=_("投资者来源"),
        choices=[("foreign", _("外国")), ("hk", _("香港")), ("macao", _("澳门")), ("taiwan", _("台湾"))],
        initial="foreign",
        required=False,  # a shared link without it asks about a foreign investor
    )
    date = forms.DateField(
        label=_("日期（默认今天）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按 年-月-日 填写日期，例如 2025-03-01。")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("activity") or "").strip() and not data.get("industry_code") and not data.get("activity_id"):
            self.add_error("activity", _("请填写投资领域或业务，或填写行业代码。"))
        if data.get("date") and data["date"] < COVERAGE_START:
            self.add_error("date", _("所录入的负面清单自 2022-01-01 起施行，更早的日期无法回答。"))
        share, largest = data.get("foreign_share"), data.get("largest_investor_share")
        if share is not None and largest is not None and largest > share:
            self.add_error("largest_investor_share", _("单一外国投资者的持股不能超过全部外资股比。"))
        data["investor_region"] = data.get("investor_region") or "foreign"
        return data
