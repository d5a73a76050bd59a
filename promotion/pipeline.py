"""Pipeline rules: one stage at a time, the facts each stage needs, and the flags the rules engine sets
(the < USD 300 M fast track and the major-project task force, both from seed 001 measure 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Enterprise
from promotion.models import PIPELINE, Project, Stage, StageChange
from rules.engine import default_rule_sets, evaluate
from workflow.transitions import require

FAMILY = "seed001-benefits"
FAST_TRACK_RULE = "m2-encouraged-under-300m"
TASK_FORCE_RULE = "m2-major-project-task-force"


@dataclass
class Flag:
    rule: str
    held: bool | None
    document: str
    item: str
    quote: str


def profile(project: Project) -> dict[str, Any]:
    """What the rules read: encouraged status (when decided), amount (when known), and whether a leading manufacturer."""
    facts: dict[str, Any] = {"sectors": ["manufacturing_leader"] if project.manufacturing_leader else []}
    if project.encouraged is not None:
        facts["encouraged_catalogue"] = project.encouraged
    if project.amount_usd is not None:
        facts["project_amount_usd"] = float(project.amount_usd)
    return facts


def flags(project: Project, on: date | None = None) -> dict[str, Flag]:
    wanted = {FAST_TRACK_RULE, TASK_FORCE_RULE}
    evaluation = evaluate(
        profile(project),
        on,
        rule_sets=default_rule_sets(),
        kind="benefit",
        only=lambda rs, rule: rs.family == FAMILY and rule.id in wanted,
    )
    return {
        f.rule.id: Flag(f.rule.id, f.result.held, f.rule.clause.document, f.rule.clause.item, f.rule.clause.quote)
        for f in evaluation.trace
    }


def refresh_flags(project: Project) -> None:
    found = flags(project)
    project.fast_track = bool(found.get(FAST_TRACK_RULE) and found[FAST_TRACK_RULE].held)
    project.task_force = bool(found.get(TASK_FORCE_RULE) and found[TASK_FORCE_RULE].held)


def allowed_moves(project: Project) -> list[str]:
    if project.stage == Stage.DROPPED or project.stage == Stage.CAPITAL_ARRIVED:
        return []
    following = PIPELINE[PIPELINE.index(Stage(project.stage)) + 1]
    before_registration = PIPELINE.index(Stage(project.stage)) < PIPELINE.index(Stage.REGISTERED)
    return [following, *([Stage.DROPPED] if before_registration else [])]


@transaction.atomic
def move(project: Project, to_stage: str, on: date, by, note: str = "", enterprise: Enterprise | None = None) -> Project:
    """Move a project to its next stage (or drop it before registration), with the date it happened."""
    project = project.locked()
    require(
        to_stage in allowed_moves(project),
        _("项目当前阶段为“%(stage)s”，不能转到“%(to)s”。") % {"stage": project.get_stage_display(), "to": Stage(to_stage).label},
    )
    require(on >= project.stage_on, _("日期不能早于进入当前阶段的日期（%(day)s）。") % {"day": project.stage_on.isoformat()})
    require(on <= timezone.localdate(), _("日期不能晚于今天。"))
    if to_stage == Stage.DROPPED:
        require(bool(note.strip()), _("终止项目须写明原因。"))
    if to_stage == Stage.SIGNED:
        require(project.amount_usd is not None, _("签约前请填写项目总投资。"))
    if to_stage == Stage.REGISTERED:
        require(enterprise is not None, _("注册阶段须关联已注册的外资企业（统一社会信用代码）。"))
        project.enterprise = enterprise
    StageChange.objects.create(project=project, from_stage=project.stage, to_stage=to_stage, on=on, note=note.strip(), by=by)
    project.stage, project.stage_on = to_stage, on
    project.save_version(["stage", "stage_on", "enterprise"], by)
    return project
