"""The pipeline as an Excel workbook: one row per project, exactly the projects on the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from office.sheets import table_workbook
from promotion.models import Project


def pipeline_workbook(projects: QuerySet[Project]) -> bytes:
    headers = [
        _("项目名称"), _("投资方"), _("国别（地区）"), _("行业"), _("总投资（美元）"), _("阶段"), _("进入当前阶段日期"),
        _("跟进单位"), _("意向落地区域"), _("鼓励类"), _("3亿美元以下鼓励类项目优化服务"), _("纳入重大外资项目专班"),
    ]  # fmt: skip
    widths = [28, 24, 10, 8, 16, 10, 14, 24, 24, 8, 12, 12]
    return table_workbook(_("招商项目"), headers, _rows(projects), widths)


def _rows(projects: QuerySet[Project]) -> Iterator[list[Any]]:
    for project in projects.select_related("owner").prefetch_related("zones"):
        yield [
            project.name,
            project.investor,
            project.investor_country.code,  # type: ignore[attr-defined]
            project.industry,
            float(project.amount_usd) if project.amount_usd is not None else None,
            str(project.get_stage_display()),
            project.stage_on,
            project.owner.name,
            "、".join(z.name for z in project.zones.all()),
            {True: _("是"), False: _("否"), None: ""}[project.encouraged],
            _("是") if project.fast_track else "",
            _("是") if project.task_force else "",
        ]
