"""The market-access check: may a foreign investor do this activity, here, at this share?

Negative lists are kept as the text they encode (rules/data/negative_lists/,
one file per list with its source and effective period); each item becomes a
rule of the engine whose condition is "the activity matched this item" and,
for the FTZ list, "the zone is the FTZ". Beijing's openings are an ordinary
rule-set file (rules/data/rulesets/bj-openings.yaml) whose rules override
named items. The verdict is computed from the rules that fire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rules.engine import (
    DATA_DIR,
    Clause,
    Evaluation,
    Firing,
    Period,
    Rule,
    RuleSet,
    RuleSetError,
    RuleSetFile,
    Source,
    TestCase,
    Title,
    evaluate,
    load_rule_sets,
)

NEGATIVE_LISTS_DIR = Path(__file__).resolve().parent / "data" / "negative_lists"
ZONES = ("cn", "bj", "bj-ftz")
ZONE_LABELS = {
    "cn": _("中国其他地区"),
    "bj": _("北京（服务业扩大开放综合示范区）"),
    "bj-ftz": _("北京自贸试验区"),
}
# The earliest list encoded (national and FTZ lists 2021) is in force from this day.
COVERAGE_START = date(2022, 1, 1)
INVESTOR_REGIONS = ("foreign", "hk", "macao", "taiwan")
# Which list governs where: the FTZ list in the FTZ, the national list elsewhere
# (national list 说明: FTZs apply the FTZ negative list).
LIST_ZONES = {"national": ["cn", "bj"], "ftz": ["bj-ftz"]}


class NegativeListItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int
    sector: str
    text: str
    verified: bool
    note: str | None = None
    kind: Literal["prohibited", "restricted"]
    max_foreign_share: float | None
    strictly_less: bool = False
    conditions: list[str]
    keywords_zh: list[str]
    keywords_en: list[str]
    gbt4754: list[str] = []
    text_en: str


class ExplanatoryNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    verified: bool = False
    note: str | None = None


class NegativeListSource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    retrieved: date
    note: str | None = None


class NegativeListFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["investbj.negative_list/1"] = Field(alias="schema")
    id: str
    title_zh: str
    title_en: str
    issuer: str
    issued: date
    effective_from: date
    effective_to: date | None
    source: NegativeListSource
    explanatory_notes: list[ExplanatoryNote] = []
    items: list[NegativeListItem]
    tests: list[TestCase] = []


def list_scope(list_id: str) -> str:
    return "ftz" if "-ftz-" in list_id else "national"


def negative_list_rule_set(path: Path) -> RuleSet:
    """A negative list file as an engine rule set: one rule per item, citing it."""
    try:
        data = NegativeListFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"{path}: cannot read ({exc})") from exc
    except ValidationError as exc:
        raise RuleSetError(f"{path}: {exc}") from exc
    zones = LIST_ZONES[list_scope(data.id)]
    rules = [
        Rule(
            id=f"item-{item.number}",
            clause=Clause(document=data.title_zh, item=str(item.number), quote=item.text),
            when={"all": [{"field": "candidates", "has": f"{data.id}:item-{item.number}"}, {"field": "zone", "in": zones}]},
            outcome={
                "verdict": "not_allowed" if item.kind == "prohibited" else "restricted",
                "max_foreign_share": item.max_foreign_share,
                "strictly_less": item.strictly_less,
                "conditions": item.conditions,
                "sector": item.sector,
                "gbt4754": item.gbt4754,
            },
            en=item.text_en,
            verified=item.verified,
            note=item.note,
            keywords={"zh": item.keywords_zh, "en": item.keywords_en},
        )
        for item in data.items
    ]
    rule_set = RuleSetFile(
        schema="investbj.ruleset/1",
        id=data.id,
        family=data.id.rsplit("-", 1)[0],
        version=str(data.effective_from.year),
        kind="access",
        title=Title(zh=data.title_zh, en=data.title_en),
        source=Source(
            document=data.title_zh,
            issuer=data.issuer,
            url=data.source.url,
            retrieved=data.source.retrieved,
            note=data.source.note,
        ),
        effective=Period.model_validate({"from": data.effective_from, "to": data.effective_to}),
        rules=rules,
        tests=data.tests,
    )
    return RuleSet(rule_set, path)


@lru_cache(maxsize=1)
def access_rule_sets() -> tuple[RuleSet, ...]:
    lists = [negative_list_rule_set(path) for path in sorted(NEGATIVE_LISTS_DIR.glob("*.yaml"))]
    openings = [r for r in load_rule_sets(DATA_DIR) if r.kind == "access"]
    return tuple(lists + openings)


# --- matching the activity text to candidate rules -----------------------------

_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Candidate:
    key: str
    rule_set: str
    item: str
    score: float
    matched: list[str]
    text: str
    overrides: tuple[str, ...] = ()

    @property
    def item_key(self) -> str:
        return f"{self.rule_set}:{self.item}"


@dataclass(frozen=True)
class _Keyword:
    text: str
    lowered: str
    cjk: bool
    words: tuple[str, ...]


# Keyed by the rule object's id; the rule is kept with its entry so the id
# cannot be reused by another object while the entry exists.
_PREPARED: dict[int, tuple[Rule, tuple[_Keyword, ...]]] = {}


def _keywords_of(rule: Rule) -> tuple[_Keyword, ...]:
    """A rule's keywords, prepared once: matching runs on every check."""
    cached = _PREPARED.get(id(rule))
    if cached is not None and cached[0] is rule:
        return cached[1]
    prepared = []
    for keyword in [*rule.keywords.get("zh", []), *rule.keywords.get("en", [])]:
        lowered = keyword.lower()
        prepared.append(_Keyword(keyword, lowered, bool(_CJK.search(lowered)), tuple(_WORD.findall(lowered))))
    _PREPARED[id(rule)] = (rule, tuple(prepared))
    return tuple(prepared)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _coverage(activity: str, words: set[str], word_count: int, keyword: _Keyword) -> float:
    """How much of the activity text the keyword accounts for (0 when it does not match)."""
    if keyword.cjk:
        if keyword.lowered in activity:
            return len(keyword.lowered) / len(activity)
        if len(activity) >= 2 and activity in keyword.lowered:
            return len(activity) / len(keyword.lowered)
        return 0.0
    if keyword.words and words.issuperset(keyword.words):
        return len(keyword.words) / word_count
    return 0.0


# A candidate must explain at least this share of what the best one explains,
# so "出版物印刷" is read as printing, not as the publishing item that merely
# shares the word 出版物.
RELATIVE_CUTOFF = 0.75


def match_activity(activity: str, rule_sets: list[RuleSet], gbt4754: str | None = None) -> list[Candidate]:
    """Rules whose keywords the activity text names, best match first.

    Match against every known list, in force or not, so an activity is
    recognised for what it is even after the item naming it was removed.
    """
    text = " ".join(activity.strip().lower().split())
    word_list = _WORD.findall(text)
    words, word_count = set(word_list), len(word_list)
    candidates = []
    for rule_set in rule_sets:
        for rule in rule_set.rules:
            hits = []
            if text:
                for keyword in _keywords_of(rule):
                    coverage = _coverage(text, words, word_count, keyword)
                    if coverage > 0:
                        hits.append((keyword.text, coverage))
            if gbt4754 and gbt4754 in rule.outcome.get("gbt4754", []):
                hits.append((f"GB/T 4754 {gbt4754}", 1.0))
            if hits:
                score = round(max(c for _, c in hits), 3)
                matched = list({k.lower(): k for k, _ in hits}.values())
                overrides = tuple(rule.outcome.get("overrides", ()))
                candidates.append(
                    Candidate(
                        f"{rule_set.id}:{rule.id}", rule_set.id, rule.clause.item, score, matched, rule.clause.quote, overrides
                    )
                )
    if not candidates:
        return []
    best = max(c.score for c in candidates)
    kept = [c for c in candidates if c.score >= best * RELATIVE_CUTOFF]
    # An opening that lifts a kept item stays, however weakly it matched:
    # dropping it would report the general restriction it overrides.
    kept_items = {c.item_key for c in kept}
    kept += [c for c in candidates if c not in kept and kept_items.intersection(c.overrides)]
    return sorted(kept, key=lambda c: -c.score)


# --- the verdict -----------------------------------------------------------------


@dataclass
class AccessQuery:
    activity: str
    zone: str
    foreign_share: float
    investor_region: str = "foreign"
    on: date = field(default_factory=date.today)
    gbt4754: str | None = None

    def __post_init__(self) -> None:
        if self.zone not in ZONES:
            raise ValueError(f"zone must be one of {', '.join(ZONES)}, not {self.zone!r}")
        if not 0 <= self.foreign_share <= 100:
            raise ValueError(f"foreign_share must be between 0 and 100, not {self.foreign_share}")
        if self.investor_region not in INVESTOR_REGIONS:
            raise ValueError(f"investor_region must be one of {', '.join(INVESTOR_REGIONS)}, not {self.investor_region!r}")
        if not self.activity.strip() and not self.gbt4754:
            raise ValueError("give an activity (text) or a GB/T 4754 code")
        if self.on < COVERAGE_START:
            raise ValueError(
                f"dates before {COVERAGE_START} are not covered: the earliest negative list encoded is in force from then"
            )


@dataclass
class AccessAnswer:
    query: AccessQuery
    verdict: str
    max_foreign_share: float | None
    max_foreign_share_exclusive: bool
    conditions: list[str]
    citations: list[dict[str, Any]]
    candidates: list[Candidate]
    what_if: list[Hint]
    overridden: list[dict[str, Any]]
    notes: list[Any]
    evaluation: Evaluation

    def as_json(self, language: str = "en") -> dict[str, Any]:
        """The answer for machines: hint and note texts in `language` (English unless asked)."""
        with translation.override(language):
            return self._as_json()

    def _as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "max_foreign_share": self.max_foreign_share,
            "max_foreign_share_exclusive": self.max_foreign_share_exclusive,
            "conditions": self.conditions,
            "citations": self.citations,
            "candidates": [
                {"rule_set": c.rule_set, "item": c.item, "score": c.score, "matched": c.matched} for c in self.candidates
            ],
            "what_if": [hint.for_machines() for hint in self.what_if],
            "overridden": self.overridden,
            "notes": [str(note) for note in self.notes],
            "date": self.query.on.isoformat(),
            "zone": self.query.zone,
            "foreign_share": self.query.foreign_share,
        }


_SEVERITY = {"allowed": 0, "restricted": 1, "not_allowed": 2}
VERDICTS = {
    "allowed": pgettext_lazy("verdict in a hint", "可以投资"),
    "restricted": pgettext_lazy("verdict in a hint", "限制投资（须满足条件）"),
    "not_allowed": pgettext_lazy("verdict in a hint", "不允许"),
}


def check(
    query: AccessQuery,
    rule_sets: list[RuleSet] | None = None,
    *,
    with_what_if: bool = True,
    candidates: list[Candidate] | None = None,
) -> AccessAnswer:
    """The verdict for one activity, zone, share and date, with citations and the trace.

    `candidates` skips the free-text matching step (used when the activity was
    matched already, e.g. for what-if answers over other zones).
    """
    every = list(access_rule_sets()) if rule_sets is None else rule_sets
    in_force = [r for r in every if r.in_force(query.on)]
    if candidates is None:
        candidates = match_activity(query.activity, every, query.gbt4754)
    profile = {
        "candidates": [c.key for c in candidates],
        "zone": query.zone,
        "foreign_share": query.foreign_share,
        "investor_region": query.investor_region,
    }
    keys = {c.key for c in candidates}
    evaluation = evaluate(profile, query.on, rule_sets=in_force, only=lambda rule_set, rule: f"{rule_set.id}:{rule.id}" in keys)
    fired = evaluation.fired
    openings = [f for f in fired if f.rule.outcome.get("overrides")]
    overridden_keys = {key for f in openings for key in f.rule.outcome["overrides"]}
    restrictions = [
        f for f in fired if not f.rule.outcome.get("overrides") and f"{f.rule_set.id}:{f.rule.clause.item}" not in overridden_keys
    ]
    overridden = [_citation(f) for f in fired if f not in openings and f not in restrictions]
    verdict, max_share, exclusive, conditions = _verdict(restrictions, query.foreign_share)
    citations = [_citation(f) for f in openings + restrictions]
    notes = _notes(query, restrictions, overridden, openings, candidates)
    what_if = _what_if(query, every, verdict, candidates) if with_what_if else []
    return AccessAnswer(
        query, verdict, max_share, exclusive, conditions, citations, candidates, what_if, overridden, notes, evaluation
    )


def _citation(firing: Firing) -> dict[str, Any]:
    return {**firing.citation(), "document": firing.rule.clause.document, "en": firing.rule.en}


def _verdict(restrictions: list[Firing], share: float) -> tuple[str, float | None, bool, list[str]]:
    """Verdict, the tightest foreign-share limit (and whether it is exclusive), conditions."""
    verdict, max_share, exclusive = "allowed", None, False
    conditions: list[str] = []
    for firing in restrictions:
        outcome = firing.rule.outcome
        conditions.extend(c for c in outcome.get("conditions", []) if c not in conditions)
        this = outcome["verdict"]
        cap, strictly_less = _cap(outcome)
        if cap is not None:
            if max_share is None or cap < max_share or (cap == max_share and strictly_less):
                max_share, exclusive = cap, strictly_less
            over = share >= cap if strictly_less else share > cap
            if over:
                this = "not_allowed"
        if _SEVERITY[this] > _SEVERITY[verdict]:
            verdict = this
    return verdict, max_share, exclusive, conditions


# Conditions that need a Chinese party even where the item states no number:
# Chinese control means the foreign side stays below half; a joint venture,
# relative control or Chinese leadership rules out a wholly foreign-owned firm.
_NEEDS_CHINESE_PARTNER = {"jv_only", "chinese_relative_control", "chinese_led"}


def _cap(outcome: dict[str, Any]) -> tuple[float | None, bool]:
    """The numeric foreign-share limit of an outcome and whether it is exclusive."""
    cap = outcome.get("max_foreign_share")
    if cap is not None:
        return cap, bool(outcome.get("strictly_less"))
    conditions = set(outcome.get("conditions", []))
    if "chinese_control" in conditions:
        return 50, True
    if conditions & _NEEDS_CHINESE_PARTNER:
        return 100, True
    return None, False


def _notes(
    query: AccessQuery,
    restrictions: list[Firing],
    overridden: list[dict[str, Any]],
    openings: list[Firing],
    candidates: list[Candidate],
) -> list[Any]:
    notes: list[Any] = []
    if not candidates:
        notes.append(
            _("没有负面清单条目与该描述相符：清单之外的领域按内外资一致原则管理。如描述不准确，请换一种说法或填写行业代码。")
        )
    if overridden:
        items = "、".join(f"{o['rule_set']} #{o['item']}" for o in overridden)
        notes.append(format_lazy(_("北京市扩大开放措施在该地点和日期替代了负面清单条目 {items}。"), items=items))
    if query.investor_region != "foreign" and restrictions:
        notes.append(
            _(
                "香港、澳门、台湾投资者参照负面清单执行；CEPA、ECFA 等安排有更优惠规定的，从其规定（负面清单说明第九条，原文未核实）。"
            )
        )
    if any(not f.rule.verified for f in restrictions + openings):
        notes.append(_("所引条目的官方原文未能核实，依赖前请核对原文。"))
    return notes


@dataclass
class Hint:
    """A what-if hint: shown to people with zone names, to machines with zone ids."""

    template: Any
    values: dict[str, Any]

    def __str__(self) -> str:
        return str(format_lazy(self.template, **{**self.values, "zone": ZONE_LABELS[self.values["zone"]]}))

    def for_machines(self) -> str:
        return str(format_lazy(self.template, **self.values))


def _what_if(query: AccessQuery, rule_sets: list[RuleSet], verdict: str, candidates: list[Candidate]) -> list[Hint]:
    hints: list[Hint] = []
    for zone in ZONES:
        if zone == query.zone:
            continue
        other = check(
            replace(query, zone=zone),
            rule_sets,
            with_what_if=False,
            candidates=candidates,
        )
        if other.verdict != verdict:
            basis = other.citations[0] if other.citations else None
            values = {"zone": zone, "verdict": VERDICTS[other.verdict], "share": f"{query.foreign_share:g}"}
            if basis:
                template = _("在 {zone}：外资股比 {share}% 时{verdict}，依据《{document}》第{item}条")
                hints.append(Hint(template, {**values, "document": basis["document"], "item": basis["item"]}))
            else:
                hints.append(Hint(_("在 {zone}：外资股比 {share}% 时{verdict}"), values))
    if verdict != "allowed":
        limit = check(
            replace(query, foreign_share=0),
            rule_sets,
            with_what_if=False,
            candidates=candidates,
        )
        if limit.max_foreign_share is not None and limit.verdict != "not_allowed":
            template = (
                _("在 {zone}：外资股比低于 {cap}% 时{verdict}")
                if limit.max_foreign_share_exclusive
                else _("在 {zone}：外资股比不超过 {cap}% 时{verdict}")
            )
            hints.append(
                Hint(template, {"zone": query.zone, "cap": f"{limit.max_foreign_share:g}", "verdict": VERDICTS[limit.verdict]})
            )
    return hints


def check_access_case(rule_set: RuleSet, case: TestCase, all_rule_sets: list[RuleSet]) -> list[str]:
    """Checker for access rule-set cases: verdict, limit and a citation."""
    profile = case.profile
    answer = check(
        AccessQuery(
            activity=profile.get("activity", ""),
            zone=profile["zone"],
            foreign_share=profile.get("foreign_share", 100),
            investor_region=profile.get("investor_region", "foreign"),
            on=case.on,
            gbt4754=profile.get("gbt4754"),
        ),
        with_what_if=False,
    )
    expect = case.expect
    problems = []
    if "verdict" in expect and answer.verdict != expect["verdict"]:
        problems.append(f"verdict {answer.verdict}, expected {expect['verdict']} (citations {answer.citations})")
    if "max_foreign_share" in expect and answer.max_foreign_share != expect["max_foreign_share"]:
        problems.append(f"max_foreign_share {answer.max_foreign_share}, expected {expect['max_foreign_share']}")
    if "note_contains" in expect and not any(expect["note_contains"] in note for note in answer.notes):
        problems.append(f"no note containing {expect['note_contains']!r} in {answer.notes}")
    wanted = expect.get("citation")
    if wanted and not any(c["rule_set"] == wanted["rule_set"] and c["item"] == str(wanted["item"]) for c in answer.citations):
        problems.append(f"no citation of {wanted} among {[(c['rule_set'], c['item']) for c in answer.citations]}")
    return problems
