from django import forms
from django.utils.translation import gettext_lazy as _


class AccessCheckForm(forms.Form):
    activity = forms.CharField(
        label=_("投资领域或业务"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("例如：互联网数据中心、online data processing、核电站")}),
    )
    industry_code = forms.RegexField(label=_("行业代码（GB/T 4754-2017，可选）"), regex=r"^\d{4}$", required=False, max_length=4)
    zone = forms.ChoiceField(
        label=_("地点"),
        choices=[("bj", _("北京（服务业扩大开放综合示范区）")), ("bj-ftz", _("北京自贸试验区")), ("cn", _("中国其他地区"))],
    )
    foreign_share = forms.DecimalField(label=_("拟持外资股比（%）"), min_value=0, max_value=100, decimal_places=2, initial=100)
    investor_region = forms.ChoiceField(
        label=_("投资者来源"),
        choices=[("foreign", _("外国")), ("hk", _("香港")), ("macao", _("澳门")), ("taiwan", _("台湾"))],
        initial="foreign",
    )
    date = forms.DateField(label=_("日期（默认今天）"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
