"""The policy matcher: which measures apply to this enterprise, why, and whom to call.

Benefit rule sets (kind "benefit", rules/data/rulesets/) encode what each seed
measure offers and to whom; the matcher evaluates them against a profile and
adds, from the corpus, the measure's title and its responsible units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field

from interface.language import in_english
from rules.conditions import Check
from rules.engine import Firing, RuleSet, TestCase, default_rule_sets, evaluate

if TYPE_CHECKING:
    from corpus.models import Measure

FIELDS_PATH = Path(__file__).resolve().parent / "data" / "profile_fields.yaml"
NEEDS = (
    "branch_setup",
    "foreign_managers",
    "data_export",
    "external_debt",
    "green_power",
    "clinic",
    "vocational_training",
    "clinical_trials",
    "cash_pooling",
)
SECTORS = ("pharma", "medical", "telecom", "finance", "manufacturing_leader")


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str
    zh: str
    en: str


class ProfileField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    type: str = Field(pattern=r"^(bool|number|choice|multi|text)$")
    zh: str
    en: str
    question_zh: str
    question_en: str
    options: list[Option] = []
    # A condition on the field as a sentence: {value} is the value as people write it.
    says_zh: str
    says_en: str
    says_not_zh: str | None = None  # the opposite, for a yes/no field
    says_not_en: str | None = None
    unit: str | None = Field(None, pattern=r"^(percent|usd)$")
    lower_en: bool = False  # option labels read in lower case inside the English sentence

    def label(self) -> str:
        """The field's name in the active language."""
        return self.en if in_english() else self.zh

    def question(self) -> str:
        return self.question_en if in_english() else self.question_zh


@lru_cache(maxsize=1)
def profile_fields() -> dict[str, ProfileField]:
    raw = yaml.safe_load(FIELDS_PATH.read_text(encoding="utf-8"))
    return {f.id: f for f in (ProfileField.model_validate(item) for item in raw["fields"])}


class ProfileError(ValueError):
    pass


def normalise_profile(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the profile JSON and derive the fields rules test (park → park zones)."""
    profile: dict[str, Any] = {}
    for key in ("regional_hq", "rd_centre", "investment_company", "encouraged_catalogue"):
        if raw.get(key) is not None:
            if not isinstance(raw[key], bool):
                raise ProfileError(f"{key} must be true or false")
            profile[key] = raw[key]
    for key, low, high in (("foreign_share", 0, 100), ("project_amount_usd", 0, 10**13)):
        if raw.get(key) is not None:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ProfileError(f"{key} must be a number between {low} and {high}")
            profile[key] = value
    if raw.get("zone") is not None:
        if raw["zone"] not in ("cn", "bj", "bj-ftz"):
            raise ProfileError("zone must be cn, bj or bj-ftz")
        profile["zone"] = raw["zone"]
    for key, allowed in (("needs", NEEDS), ("sectors", SECTORS)):
        if raw.get(key) is not None:
            values = raw[key]
            if not isinstance(values, list) or any(v not in allowed for v in values):
                raise ProfileError(f"{key} must be a list of {', '.join(allowed)}")
            profile[key] = list(values)
    for key in ("industry", "park"):
        if raw.get(key) not in (None, ""):
            profile[key] = str(raw[key])
    if "park" in profile:
        profile["park_zones"] = park_zones(profile["park"])
    return profile


@lru_cache(maxsize=1)
def _zone_index() -> tuple[dict[str, Any], dict[str, str]]:
    """Zones by id, and zone ids by normalised name or alias (read once)."""
    from directory.names import normalize_name
    from directory.reference import read_zones

    zones = {z.id: z for z in read_zones().zones}
    by_name = {normalize_name(name): z.id for z in zones.values() for name in [z.name, *z.aliases]}
    return zones, by_name


def park_zones(park: str) -> list[str]:
    """The zone a park name resolves to, with every zone that encloses it."""
    from directory.names import normalize_name

    zones, by_name = _zone_index()
    found = zones.get(by_name.get(normalize_name(park), ""))
    chain: list[str] = []
    while found is not None and found.id not in chain:
        chain.append(found.id)
        found = zones.get(found.parent) if found.parent else None
    return chain


# --- conditions in words -----------------------------------------------------------------------------------

_COMPARISONS = {
    "gt": (_("超过 {value}"), _("of more than {value}")),
    "gte": (_("不低于 {value}"), _("of at least {value}")),
    "lt": (_("低于 {value}"), _("of less than {value}")),
    "lte": (_("不超过 {value}"), _("of at most {value}")),
}


def amount_words(value: float, unit: str | None) -> str:
    """A number as people write it: 25%, USD 10 million, 1000万美元."""
    if unit == "percent":
        return f"{value:g}%"
    if unit != "usd":
        return f"{value:g}"
    if in_english():
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if value >= size:
                return f"USD {value / size:g} {word}"
        return f"USD {value:,.0f}"
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if value >= size:
            return f"{value / size:g}{word}美元"
    return f"{value:g}美元"


def _option_words(spec: ProfileField, value: Any) -> str:
    if spec.id == "park_zones":
        zones, _by_name = _zone_index()
        zone = zones.get(value)
        if zone is None:
            return str(value)
        return str((zone.name_en or zone.name) if in_english() else zone.name)
    option = next((o for o in spec.options if o.value == value), None)
    if option is None:
        return str(value)
    if not in_english():
        return option.zh
    return option.en[:1].lower() + option.en[1:] if spec.lower_en else option.en


def condition_sentence(check: Check) -> str:
    """The condition a rule tests, as a sentence from the profile-field definitions, in the active language."""
    spec = profile_fields().get(check.field)
    english = in_english()
    if spec is None:
        return f"{check.field}: {check.expected}"
    says = spec.says_en if english else spec.says_zh
    if check.op == "known":
        return str(_("已回答：{label}") if check.expected else _("未回答：{label}")).format(label=spec.label())
    if spec.type == "bool":
        positive = (check.op == "eq") == bool(check.expected)
        negative = (spec.says_not_en if english else spec.says_not_zh) or str(_("并非：{sentence}")).format(sentence=says)
        return says if positive else negative
    if check.op in _COMPARISONS:
        zh, en = _COMPARISONS[check.op]
        value = str(en if english else zh).format(value=amount_words(float(check.expected), spec.unit))
        return says.format(value=value)
    values = check.expected if isinstance(check.expected, list) else [check.expected]
    joiner = " or " if english else "或"
    sentence = says.format(value=joiner.join(_option_words(spec, v) for v in values))
    if check.op in ("ne", "not_in"):
        return str(_("并非：{sentence}")).format(sentence=sentence)
    return sentence


@dataclass
class Match:
    firing: Firing
    measure: dict[str, Any]
    units: list[dict[str, Any]]

    @property
    def reason_sentences(self) -> list[str]:
        """Why it applies: each condition that holds, as a sentence."""
        return [condition_sentence(c) for c in self.firing.result.checks if c.held]

    def as_json(self) -> dict[str, Any]:
        rule = self.firing.rule
        return {
            "document": rule.clause.document,
            "measure": int(rule.clause.item),
            "title": self.measure.get("title"),
            "title_en": self.measure.get("title_en"),
            "benefit": rule.outcome.get("benefit"),
            "benefit_en": rule.outcome.get("benefit_en"),
            "quote": rule.clause.quote,
            "units": self.units,
            "reasons": self.reason_sentences,
            "conditions": [
                {"field": c.field, "op": c.op, "value": c.expected, "held": c.held, "text": condition_sentence(c)}
                for c in self.firing.result.checks
            ],
            "rule_set": self.firing.rule_set.id,
            "rule": rule.id,
            "url": self.measure.get("url"),
        }


@dataclass
class NearMiss:
    match: Match
    missing: list[Check]

    @property
    def missing_sentences(self) -> list[str]:
        """The one condition that fails, or that nobody has answered yet, as a sentence."""
        return [
            str(_("还差一个条件：{sentence}") if c.held is False else _("还有一个条件尚未回答：{sentence}")).format(
                sentence=condition_sentence(c)
            )
            for c in self.missing
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.match.as_json(),
            "missing": [{**_explain(c), "text": text} for c, text in zip(self.missing, self.missing_sentences, strict=True)],
        }


@dataclass
class MatchResult:
    profile: dict[str, Any]
    on: date
    matches: list[Match]
    near_misses: list[NearMiss]
    unknowns: list[str]

    def as_json(self, language: str = "en") -> dict[str, Any]:
        """The result for machines: ids in their own fields, the sentences beside them in `language`."""
        with translation.override(language):
            return self._as_json()

    def _as_json(self) -> dict[str, Any]:
        fields = profile_fields()
        return {
            "matches": [m.as_json() for m in self.matches],
            "near_misses": [n.as_json() for n in self.near_misses],
            "unknowns_that_matter": [{"field": f, "question": fields[f].question() if f in fields else f} for f in self.unknowns],
            "date": self.on.isoformat(),
        }


def _explain(check: Check) -> dict[str, Any]:
    fields = profile_fields()
    label = fields[check.field].label() if check.field in fields else check.field
    return {"field": check.field, "label": label, "needs": check.op, "value": check.expected, "is": check.actual}


def match(raw_profile: Mapping[str, Any], on: date | None = None, rule_sets: list[RuleSet] | None = None) -> MatchResult:
    """Measures whose conditions the profile meets, those it misses by one condition, and the unknowns that matter."""
    profile = normalise_profile(raw_profile)
    day = on or date.today()
    chosen = [r for r in (default_rule_sets() if rule_sets is None else rule_sets) if r.kind == "benefit"]
    evaluation = evaluate(profile, day, rule_sets=chosen)
    matches: list[Match] = []
    near_misses: list[NearMiss] = []
    unknowns: list[str] = []
    corpus = _corpus_measures([f.rule.clause.measure for f in evaluation.trace])
    for firing in evaluation.trace:
        result = firing.result
        measure, units = corpus.get(firing.rule.clause.measure or "", ({}, []))
        if result.held is True:
            matches.append(Match(firing, measure, units))
            continue
        failed = [c for c in result.checks if c.held is False]
        unknown = [c for c in result.checks if c.held is None]
        # "Almost applies": every other condition holds and one is missing. A
        # rule with a single condition that fails is simply not for this firm.
        if len(failed) + len(unknown) == 1 and len(result.checks) >= 2:
            near_misses.append(NearMiss(Match(firing, measure, units), failed + unknown))
        if result.held is None:
            unknowns.extend(f for f in result.unknown_fields if f not in unknowns)
    return MatchResult(profile, day, matches, near_misses, unknowns)


def _corpus_measures(references: list[str | None]) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Title and responsible units of each 'base title#number' in the corpus, in one query."""
    from django.db.models import Q

    from corpus.models import Measure

    wanted = {ref: ref.partition("#") for ref in set(filter(None, references))}
    if not wanted:
        return {}
    condition = Q()
    for base_title, _sep, number in wanted.values():
        condition |= Q(document__base_title=base_title, number=int(number))
    measures = (
        Measure.objects.filter(condition, document__is_latest=True)
        .select_related("document")
        .prefetch_related("unit_groups__members__unit")
    )
    found = {}
    for measure in measures:
        info = {"title": measure.title, "title_en": measure.title_en, "url": measure.get_absolute_url(), "id": measure.pk}
        found[f"{measure.document.base_title}#{measure.number}"] = (info, _units(measure))
    return found


def _units(measure: Measure) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    for group in measure.unit_groups.all():
        for member in group.members.all():
            # One institution under two names (市科委、中关村管委会) is one contact.
            key = member.unit.code if member.unit else member.name
            if not any((u["unit_id"] or u["name"]) == key for u in units):
                units.append(
                    {
                        "name": member.name,
                        "unit_id": member.unit.code if member.unit else None,
                        "name_en": member.unit.name_en if member.unit else "",
                        "lead": member.is_lead,
                        "generic": member.generic,
                    }
                )
    return units


def check_benefit_case(rule_set: RuleSet, case: TestCase, all_rule_sets: list[RuleSet]) -> list[str]:
    """Checker for benefit rule-set cases: which rules match, miss narrowly, or wait on an unknown."""
    result = match(case.profile, case.on, rule_sets=[rule_set])
    matched = {m.firing.rule.id for m in result.matches}
    near = {n.match.firing.rule.id: [c.field for c in n.missing] for n in result.near_misses}
    expect = case.expect
    problems = []
    for rule_id in expect.get("matches", []):
        if rule_id not in matched:
            problems.append(f"{rule_id} should match")
    for rule_id in expect.get("does_not_match", []):
        if rule_id in matched:
            problems.append(f"{rule_id} should not match")
    for rule_id, field in (expect.get("near_miss") or {}).items():
        if near.get(rule_id) != [field]:
            problems.append(f"{rule_id} should miss only on {field}, got {near.get(rule_id)}")
    for field in expect.get("unknowns_include", []):
        if field not in result.unknowns:
            problems.append(f"{field} should be an unknown that matters; got {result.unknowns}")
    if "match_count" in expect and len(matched) != expect["match_count"]:
        problems.append(f"{len(matched)} matches, expected {expect['match_count']}: {sorted(matched)}")
    return problems
