"""Will this application likely succeed? The type's benefit rules, evaluated with the
rules engine against the applicant's profile, with the clauses they rest on.

The verdict is advisory ("likely"): the seeds' conditions are checked, while the
criteria they leave to other regulations are listed for the reviewers to apply.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from applications.types import ApplicationType
from directory.models import Enterprise
from rules.conditions import Check
from rules.engine import default_rule_sets, evaluate
from rules.matcher import profile_fields

Verdict = Literal["eligible", "not_eligible", "unknown", "criteria_elsewhere"]
FTZ_KINDS = ("ftz", "ftz_area")


@dataclass
class Reason:
    document: str
    item: str
    quote: str
    measure: str | None
    held: bool | None
    checks: list[str] = field(default_factory=list)


@dataclass
class Eligibility:
    verdict: Verdict
    reasons: list[Reason]
    on: str

    def as_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "on": self.on, "reasons": [asdict(r) for r in self.reasons]}


def enterprise_profile(enterprise: Enterprise | None) -> dict[str, Any]:
    """What the enterprise's record says about the profile fields the rules test."""
    if enterprise is None:
        return {}
    profile: dict[str, Any] = {"industry": enterprise.industry}
    zone = enterprise.zone
    in_ftz = zone is not None and (zone.kind in FTZ_KINDS or (zone.parent is not None and zone.parent.kind in FTZ_KINDS))
    profile["zone"] = "bj-ftz" if in_ftz else "bj"
    return profile


def build_profile(app_type: ApplicationType, answers: dict[str, Any], enterprise: Enterprise | None) -> dict[str, Any]:
    profile = enterprise_profile(enterprise)
    for key, value in app_type.eligibility.facts.items():
        profile[key] = list(value) if isinstance(value, list) else value
    for spec in app_type.fields:
        if not spec.profile:
            continue
        if spec.id not in answers or answers[spec.id] in (None, "", []):
            if spec.profile_value is not None:
                # Until the yes/no is answered, whether the list holds the value is unknown, not "no".
                profile.pop(spec.profile, None)
            continue
        answer = answers[spec.id]
        if spec.profile_value is not None:
            # A yes adds the value; a no is an answer too: the profile field is then known without it.
            current = profile.setdefault(spec.profile, [])
            if answer is True and spec.profile_value not in current:
                current.append(spec.profile_value)
        elif isinstance(answer, list):
            profile[spec.profile] = list(dict.fromkeys([*profile.get(spec.profile, []), *answer]))
        else:
            profile[spec.profile] = answer
    return profile


def assess(
    app_type: ApplicationType,
    answers: dict[str, Any],
    enterprise: Enterprise | None,
    language: str | None,
    on: date | None = None,
) -> Eligibility:
    """Likely eligible when any of the type's rules holds; not eligible when every one fails."""
    wanted = {(ref.family, ref.rule) for ref in app_type.eligibility.rules}
    profile = build_profile(app_type, answers, enterprise)
    evaluation = evaluate(
        profile, on, rule_sets=default_rule_sets(), kind="benefit", only=lambda rs, rule: (rs.family, rule.id) in wanted
    )
    reasons = [
        Reason(
            document=f.rule.clause.document,
            item=f.rule.clause.item,
            quote=f.rule.clause.quote,
            measure=f.rule.clause.measure,
            held=f.result.held,
            checks=[describe(check, language) for check in f.result.checks],
        )
        for f in evaluation.trace
    ]
    held = [r.held for r in reasons]
    verdict: Verdict = "eligible" if True in held else "not_eligible" if held and all(h is False for h in held) else "unknown"
    if verdict == "eligible" and not _answers_decided(evaluation.fired, app_type):
        # Every condition that holds is one applying implies (an HQ applying is an HQ): the seeds
        # settle nothing more, and the real criteria are in the documents the type names.
        verdict = "criteria_elsewhere"
    return Eligibility(verdict, reasons, evaluation.on.isoformat())


def _answers_decided(fired: list, app_type: ApplicationType) -> bool:
    implied = set(app_type.eligibility.facts)
    answered = {spec.profile for spec in app_type.fields if spec.profile}
    return any(
        check.field not in implied or check.field in answered for firing in fired for check in firing.result.checks if check.held
    )


def describe(check: Check, language: str | None) -> str:
    """One condition in words: '企业所属领域 includes 医药 or 医疗 — yes'."""
    english = (language or "").startswith("en")
    spec = profile_fields().get(check.field)
    label = (spec.en if english else spec.zh) if spec else check.field
    options = {o.value: (o.en if english else o.zh) for o in spec.options} if spec else {}

    def shown(value: Any) -> str:
        if isinstance(value, list):
            return (" / " if english else "、").join(shown(v) for v in value)
        if isinstance(value, bool):
            return ("yes" if value else "no") if english else ("是" if value else "否")
        return options.get(value, str(value))

    wants = {
        "eq": "is" if english else "为",
        "ne": "is not" if english else "不为",
        "in": "is one of" if english else "属于",
        "not_in": "is none of" if english else "不属于",
        "has": "includes" if english else "包括",
        "has_any": "includes any of" if english else "包括其一",
        "gt": ">",
        "gte": "≥",
        "lt": "<",
        "lte": "≤",
        "known": "is given" if english else "已填写",
    }.get(check.op, check.op)
    if check.held is None:
        state = "not answered yet" if english else "尚未填写"
    else:
        state = ("yes" if check.held else "no") if english else ("符合" if check.held else "不符合")
    return f"{label} {wants} {shown(check.expected)} — {state}"
