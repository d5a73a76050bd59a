"""The market-access check: may a foreign investor do this activity, here, at this share?

The negative lists are data (rules/data/negative_lists/, one file per edition with its source and period).
Each item holds one or more *measures*: a list-independent key (telecom.value-added), the words of the item
that state it, its constraints (prohibited, Chinese control, a foreign-share cap, one investor's cap, joint
ventures only, Chinese-led, a Chinese legal representative) and the activities it excepts. An exception wins
over the cap it excepts: 电子商务 is value-added telecom, and the 50 % cap says 电子商务…除外.

What a person types resolves to entries of the activity catalogue (rules/data/access/activities.yaml) by exact
name or synonym, then by fuzzy matching (rapidfuzz); each entry names the measure keys it falls under. When
entries with different answers fit, the answer lists them as alternatives and the page asks which is meant.

Beijing's openings (rules/data/access/openings.yaml) lift named measures for named activities inside their
zones from their dates, and say whether they rest on a pilot needing approval or on a draft for comment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import rjieba
import yaml
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process

from corpus.script import to_simplified
from interface.language import in_english
from rules.engine import RuleSetError

DATA_DIR = Path(__file__).resolve().parent / "data"
NEGATIVE_LISTS_DIR = DATA_DIR / "negative_lists"
ACCESS_DIR = DATA_DIR / "access"
ZONES = ("cn", "bj", "bj-ftz")
ZONE_LABELS = {
    "cn": _("中国其他地区"),
    "bj": _("北京（服务业扩大开放综合示范区）"),
    "bj-ftz": _("北京自贸试验区"),
}
# The earliest lists encoded (national and FTZ lists 2021) are in force from this day.
COVERAGE_START = date(2022, 1, 1)
INVESTOR_REGIONS = ("foreign", "hk", "macao", "taiwan")
# The FTZ list governs inside the pilot FTZs, the national list elsewhere (national list 说明).
LIST_ZONES = {"national": ("cn", "bj"), "ftz": ("bj-ftz",)}
Verdict = Literal["allowed", "restricted", "not_allowed"]
ConstraintKind = Literal[
    "prohibited",
    "foreign_max",
    "chinese_min",
    "chinese_control",
    "chinese_relative_control",
    "single_investor_max",
    "jv_only",
    "chinese_led",
    "chinese_legal_rep",
]
Evidence = Literal["read", "quoted", "read_in_other_edition", "recalled"]
Day = date  # Case has a field named `date`, which hides the type inside the class


# --- the data files ----------------------------------------------------------------------------------------


class Constraint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: ConstraintKind
    value: float | None = None

    @model_validator(mode="after")
    def _value_where_needed(self) -> Constraint:
        needs_value = self.kind in ("foreign_max", "chinese_min", "single_investor_max")
        if needs_value != (self.value is not None):
            raise ValueError(f"{self.kind}: {'a value is required' if needs_value else 'takes no value'}")
        return self


class Case(BaseModel):
    """A case kept beside the measure it tests: the query and what the answer must be."""

    model_config = ConfigDict(extra="forbid")
    name: str
    activity: str | None = None
    activity_id: str | None = None
    zone: Literal["cn", "bj", "bj-ftz"] | None = None
    foreign_share: float = Field(ge=0, le=100)
    largest_investor_share: float | None = Field(None, ge=0, le=100)
    legal_rep_chinese: bool | None = None
    date: Day | None = None
    expect: Verdict
    max_foreign_share: float | None | Literal["any"] = "any"
    cites: str | None = None  # "nl-national-2024#12" or an opening id


class MeasureData(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    key: str
    quote: str
    constraints: list[Constraint]
    except_: list[str] = Field(default=[], alias="except")
    cases: list[Case] = []


class ListReference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    list: str
    item: int


class ItemData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int
    sector: str
    text: str
    text_en: str
    verified: bool
    evidence: Evidence
    note: str | None = None
    gbt4754: list[str] = []
    measures: list[MeasureData]
    differs_from: ListReference | None = None


class ExplanatoryNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    verified: bool = False
    note: str | None = None


class SourceData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    retrieved: date
    note: str | None = None


class ListFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["investbj.negative_list/2"] = Field(alias="schema")
    id: str
    title_zh: str
    title_en: str
    issuer: str
    issued: date
    effective_from: date
    effective_to: date | None
    source: SourceData
    explanatory_notes: list[ExplanatoryNote] = []
    items: list[ItemData]


class Restatement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    document_en: str
    item: str
    draft: bool


class OpeningData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    document: str
    document_en: str
    item: str | None = None
    quote: str
    quote_en: str
    basis: Literal["final", "pilot", "draft"]
    needs_approval: bool = False
    restated_by: Restatement | None = None
    zones: list[Literal["cn", "bj", "bj-ftz"]]
    activities: list[str]
    lifts: list[str]
    effective_from: date
    effective_to: date | None = None
    verified: bool
    note: str | None = None
    # What the opening itself asks of the investment (the medical pilot: for product registration and production).
    condition_zh: str | None = None
    condition_en: str | None = None
    cases: list[Case] = []


class OpeningsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["investbj.access_openings/1"] = Field(alias="schema")
    openings: list[OpeningData]


class ActivityData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    zh: str
    en: str
    synonyms_zh: list[str] = []
    synonyms_en: list[str] = []
    gbt4754: list[str] = []
    measures: list[str] = []
    note: str | None = None


class CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["investbj.activities/1"] = Field(alias="schema")
    activities: list[ActivityData]


# --- loaded, cross-checked data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    quote: str
    constraints: tuple[Constraint, ...]
    excepts: frozenset[str]
    item: ItemData
    edition: Edition
    cases: tuple[Case, ...]

    @property
    def citation_key(self) -> str:
        return f"{self.edition.id}#{self.item.number}"


@dataclass(frozen=True)
class Edition:
    """One negative list in one edition (national 2024, FTZ 2021)."""

    data: ListFile
    path: Path

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def scope(self) -> str:
        return "ftz" if "-ftz-" in self.data.id else "national"

    def in_force(self, day: date) -> bool:
        return self.data.effective_from <= day and (self.data.effective_to is None or day <= self.data.effective_to)

    def title(self) -> str:
        return self.data.title_en if in_english() else self.data.title_zh


@dataclass(frozen=True)
class Activity:
    data: ActivityData

    @property
    def id(self) -> str:
        return self.data.id

    def name(self) -> str:
        return self.data.en if in_english() else self.data.zh


@dataclass(frozen=True)
class AccessData:
    editions: tuple[Edition, ...]
    measures: dict[str, tuple[Measure, ...]]  # by edition id
    openings: tuple[OpeningData, ...]
    activities: dict[str, Activity]
    names: dict[str, tuple[str, ...]]  # normalised name or synonym -> activity ids
    choices: tuple[str, ...]  # the normalised names, for fuzzy matching
    by_code: dict[str, tuple[str, ...]]  # GB/T 4754 class -> activity ids


def _read(path: Path, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"{path}: cannot read ({exc})") from exc
    except ValidationError as exc:
        raise RuleSetError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def access_data() -> AccessData:
    """Every list, opening and activity, checked against each other (a key or id that names nothing fails)."""
    return load_access_data(NEGATIVE_LISTS_DIR, ACCESS_DIR)


def load_access_data(lists_dir: Path, access_dir: Path) -> AccessData:
    editions = tuple(Edition(_read(path, ListFile), path) for path in sorted(lists_dir.glob("*.yaml")))
    openings = _read(access_dir / "openings.yaml", OpeningsFile).openings
    catalogue = _read(access_dir / "activities.yaml", CatalogueFile).activities
    activities = {a.id: Activity(a) for a in catalogue}
    if len(activities) != len(catalogue):
        raise RuleSetError(f"{access_dir / 'activities.yaml'}: an activity id is used twice")
    measures = {
        edition.id: tuple(
            Measure(m.key, m.quote, tuple(m.constraints), frozenset(m.except_), item, edition, tuple(m.cases))
            for item in edition.data.items
            for m in item.measures
        )
        for edition in editions
    }
    keys = {m.key for group in measures.values() for m in group}
    problems = [
        f"{edition.path}: item {m.item.number} ({m.key}) excepts {name!r}, which is not in the activity catalogue"
        for edition in editions
        for m in measures[edition.id]
        for name in m.excepts
        if name not in activities
    ]
    problems += [
        f"activities.yaml: {a.id} falls under {key!r}, which no list holds"
        for a in catalogue
        for key in a.measures
        if key not in keys
    ]
    problems += [
        f"openings.yaml: {o.id} lifts {key!r}, which no list holds" for o in openings for key in o.lifts if key not in keys
    ]
    problems += [
        f"openings.yaml: {o.id} names activity {name!r}, which is not in the catalogue"
        for o in openings
        for name in o.activities
        if name not in activities
    ]
    if problems:
        raise RuleSetError("; ".join(problems))
    names: dict[str, list[str]] = {}
    by_code: dict[str, list[str]] = {}
    for a in catalogue:
        for name in [a.zh, a.en, *a.synonyms_zh, *a.synonyms_en]:
            ids = names.setdefault(normalise(name), [])
            if a.id not in ids:
                ids.append(a.id)
        for code in a.gbt4754:
            by_code.setdefault(code, []).append(a.id)
    return AccessData(
        editions,
        measures,
        tuple(openings),
        activities,
        {k: tuple(v) for k, v in names.items()},
        tuple(names),
        {k: tuple(v) for k, v in by_code.items()},
    )


# --- resolving what a person typed ---------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[\s\-_/,，、。.;；:：()（）“”\"'‘’]+")
# A fuzzy match must score this well (rapidfuzz WRatio, 0–100) to be offered at all, and an entry is kept
# as a candidate when it scores within BAND of the best.
CUTOFF = 72
BAND = 8


def normalise(text: str) -> str:
    """How names and queries are compared: Simplified, half-width, lower case, no spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return _PUNCTUATION.sub("", folded)


@dataclass(frozen=True)
class Match:
    activity: Activity
    score: float
    matched: str  # the name or synonym (normalised) it matched, or the GB/T code


@lru_cache(maxsize=4096)
def resolve(text: str, industry_code: str | None = None) -> tuple[Match, ...]:
    """Catalogue entries the text (and the GB/T 4754 class, if given) names, best first."""
    data = access_data()
    found: dict[str, Match] = {}
    for activity_id in data.by_code.get(industry_code or "", ()):
        found[activity_id] = Match(data.activities[activity_id], 100, f"GB/T 4754 {industry_code}")
    query = normalise(text)
    if query:
        exact = data.names.get(query)
        if exact:
            for activity_id in exact:
                found.setdefault(activity_id, Match(data.activities[activity_id], 100, query))
        else:
            for name, score in _fuzzy(query, data.choices) or _words_named(text, data):
                for activity_id in data.names[name]:
                    if activity_id not in found or found[activity_id].score < score:
                        found[activity_id] = Match(data.activities[activity_id], round(score, 1), name)
    if not found:
        return ()
    best = max(m.score for m in found.values())
    return tuple(sorted((m for m in found.values() if m.score >= best - BAND), key=lambda m: (-m.score, m.activity.id)))


def _fuzzy(query: str, choices: tuple[str, ...]) -> list[tuple[str, float]]:
    """Names close to the query: alike as a whole (a typo), or one holding the other where the shorter covers at
    least half of the longer (电子商务平台 for 电子商务). A short name inside a long query (商店 in 应用程序商店,
    "ai" in "airlines") does not decide the answer."""
    if len(query) < 2:
        return []
    scored = []
    for name, _partial, _index in process.extract(query, choices, scorer=fuzz.partial_ratio, score_cutoff=60, limit=80):
        shorter, longer = sorted((len(query), len(name)))
        inside = name in query or query in name
        covered = 70 + 30 * shorter / longer if inside and shorter * 2 >= longer else 0
        score = max(fuzz.ratio(query, name), covered)
        if score >= CUTOFF:
            scored.append((name, score))
    return scored


def _words_named(text: str, data: AccessData) -> list[tuple[str, float]]:
    """A sentence that names an activity among other words (我想在北京开一家航空公司): its words, cut by jieba,
    looked up as names. Scored below a close match, so a sentence never outranks the name typed alone."""
    words = {normalise(word) for word in rjieba.cut(to_simplified(text))}
    return [(word, float(CUTOFF)) for word in words if len(word) >= 2 and word in data.names]


def suggestions(text: str, limit: int = 5) -> list[Activity]:
    """Entries that come closest when nothing fits well enough (shown as "did you mean")."""
    data = access_data()
    query = normalise(text)
    if not query:
        return []
    seen: dict[str, Activity] = {}
    for name, _score, _index in process.extract(query, data.choices, scorer=fuzz.WRatio, limit=limit * 3):
        for activity_id in data.names[name]:
            seen.setdefault(activity_id, data.activities[activity_id])
    return list(seen.values())[:limit]


# --- the query and the answer --------------------------------------------------------------------------------


@dataclass
class AccessQuery:
    activity: str
    zone: str
    foreign_share: float
    investor_region: str = "foreign"
    on: date = field(default_factory=date.today)
    gbt4754: str | None = None
    # The largest single foreign investor's share with its affiliates: the whole foreign share unless told.
    largest_investor_share: float | None = None
    legal_rep_chinese: bool | None = None
    activity_id: str | None = None  # a catalogue entry the person chose; skips resolving the text

    def __post_init__(self) -> None:
        if self.zone not in ZONES:
            raise ValueError(f"zone must be one of {', '.join(ZONES)}, not {self.zone!r}")
        if not 0 <= self.foreign_share <= 100:
            raise ValueError(f"foreign_share must be between 0 and 100, not {self.foreign_share}")
        if self.largest_investor_share is not None and not 0 <= self.largest_investor_share <= self.foreign_share:
            raise ValueError(
                f"largest_investor_share must be between 0 and the foreign share ({self.foreign_share:g}), "
                f"not {self.largest_investor_share:g}"
            )
        if self.investor_region not in INVESTOR_REGIONS:
            raise ValueError(f"investor_region must be one of {', '.join(INVESTOR_REGIONS)}, not {self.investor_region!r}")
        if self.activity_id is not None and self.activity_id not in access_data().activities:
            raise ValueError(f"no activity {self.activity_id!r} in the catalogue")
        if not self.activity.strip() and not self.gbt4754 and not self.activity_id:
            raise ValueError("give an activity (text), a catalogue activity or a GB/T 4754 code")
        if self.on < COVERAGE_START:
            raise ValueError(
                f"dates before {COVERAGE_START} are not covered: the earliest negative list encoded is in force from then"
            )

    @property
    def largest(self) -> float:
        return self.foreign_share if self.largest_investor_share is None else self.largest_investor_share


@dataclass(frozen=True)
class Outcome:
    """One constraint of one measure, applied: whether it holds, fails, or holds on a condition."""

    constraint: Constraint
    state: Literal["holds", "fails", "condition"]
    cap: float | None = None  # the foreign-share limit it sets
    exclusive: bool = False  # the limit itself is not allowed (Chinese control: below 50 %)


@dataclass(frozen=True)
class Applied:
    """A measure the activity falls under, and what became of it here and now."""

    measure: Measure
    role: Literal["applies", "excepted", "lifted"]
    outcomes: tuple[Outcome, ...] = ()
    lifted_by: OpeningData | None = None

    @property
    def fails(self) -> bool:
        return self.role == "applies" and any(o.state == "fails" for o in self.outcomes)


@dataclass
class Assessment:
    """The answer for one catalogue entry."""

    activity: Activity
    verdict: Verdict
    max_foreign_share: float | None
    exclusive: bool
    applied: list[Applied]
    openings: list[OpeningData]
    needs: list[str]


@dataclass
class AccessAnswer:
    query: AccessQuery
    verdict: Verdict
    max_foreign_share: float | None
    max_foreign_share_exclusive: bool
    activity: Activity | None
    candidates: list[Match]
    alternatives: list[Assessment]
    assessment: Assessment | None
    what_if: list[Hint]
    notes: list[Any]
    suggestions: list[Activity] = field(default_factory=list)

    @property
    def must_choose(self) -> bool:
        """Entries with different answers fit what was typed, and none was chosen: ask which is meant."""
        return self.query.activity_id is None and any(_differs(a, self.assessment) for a in self.alternatives)

    @property
    def verdict_text(self) -> str:
        return verdict_words(self.assessment) if self.assessment else str(VERDICT_WORDS[self.verdict])

    @property
    def citations(self) -> list[dict[str, Any]]:
        return _citations(self.assessment) if self.assessment else []

    @property
    def conditions(self) -> list[dict[str, str]]:
        return _conditions(self.assessment) if self.assessment else []

    @property
    def reasons(self) -> list[str]:
        """Why not allowed: each failing constraint in words."""
        return _reasons(self.assessment, self.query) if self.assessment else []

    @property
    def needs(self) -> list[str]:
        return self.assessment.needs if self.assessment else []

    def as_json(self, language: str = "en") -> dict[str, Any]:
        """The answer for machines: ids in their own fields, the words beside them in `language`."""
        with translation.override(language):
            return {
                "verdict": self.verdict,
                "verdict_text": self.verdict_text,
                "max_foreign_share": self.max_foreign_share,
                "max_foreign_share_exclusive": self.max_foreign_share_exclusive,
                "activity": _activity_json(self.activity),
                "conditions": self.conditions,
                "reasons": self.reasons,
                "citations": self.citations,
                "candidates": [
                    {**(_activity_json(m.activity) or {}), "score": m.score, "matched": m.matched} for m in self.candidates
                ],
                "alternatives": [_alternative_json(a) for a in self.alternatives],
                "must_choose": self.must_choose,
                "needs": self.needs,
                "what_if": [str(hint) for hint in self.what_if],
                "overridden": [c for c in self.citations if c["role"] == "lifted"],
                "notes": [str(note) for note in self.notes],
                "date": self.query.on.isoformat(),
                "zone": self.query.zone,
                "foreign_share": self.query.foreign_share,
                "largest_investor_share": self.query.largest,
            }


VERDICT_WORDS = {
    "allowed": _("可以投资"),
    "restricted": _("可以投资，但须满足条件"),
    "not_allowed": _("不允许"),
}


def verdict_words(assessment: Assessment) -> str:
    """The verdict as a person reads it; one that rests on a pilot or a draft says so in the verdict itself."""
    bases = {o.basis for o in assessment.openings}
    if assessment.verdict != "not_allowed" and "draft" in bases:
        return str(_("可以投资（依据征求意见稿，尚未正式施行）"))
    if assessment.verdict != "not_allowed" and "pilot" in bases:
        return str(_("可以投资（依据试点政策，须经主管部门批准）"))
    return str(VERDICT_WORDS[assessment.verdict])


VERDICTS = {
    "allowed": pgettext_lazy("verdict in a hint", "可以投资"),
    "restricted": pgettext_lazy("verdict in a hint", "可以投资（须满足条件）"),
    "not_allowed": pgettext_lazy("verdict in a hint", "不允许"),
}


def _activity_json(activity: Activity | None) -> dict[str, Any] | None:
    if activity is None:
        return None
    return {"id": activity.id, "name": activity.name(), "zh": activity.data.zh, "en": activity.data.en}


def _alternative_json(assessment: Assessment) -> dict[str, Any]:
    return {
        **(_activity_json(assessment.activity) or {}),
        "verdict": assessment.verdict,
        "verdict_text": verdict_words(assessment),
        "max_foreign_share": assessment.max_foreign_share,
    }


def _differs(one: Assessment, other: Assessment | None) -> bool:
    """Two readings answer differently when anything a person would act on differs."""
    return other is None or _answer_key(one) != _answer_key(other)


def _answer_key(a: Assessment) -> tuple[object, ...]:
    constraints = frozenset(o.constraint for x in a.applied if x.role == "applies" for o in x.outcomes)
    return a.verdict, a.max_foreign_share, a.exclusive, constraints, tuple(o.id for o in a.openings)


# --- the check -----------------------------------------------------------------------------------------------


def check(query: AccessQuery, *, with_what_if: bool = True) -> AccessAnswer:
    """The verdict for one activity, zone, share and date, with what it rests on in words."""
    data = access_data()
    if query.activity_id:
        candidates = [Match(data.activities[query.activity_id], 100, query.activity_id)]
    else:
        candidates = list(resolve(query.activity.strip(), query.gbt4754))
    if not candidates:
        notes: list[Any] = [
            _(
                "没有找到与该描述相符的业务；负面清单之外的领域按内外资一致原则管理。"
                "如描述不准确，请换一种说法、从建议中选择或填写行业代码。"
            )
        ]
        return AccessAnswer(query, "allowed", None, False, None, [], [], None, [], notes, suggestions(query.activity))
    assessments = [assess(m.activity, query) for m in candidates]
    best, others = assessments[0], assessments[1:]
    what_if = _what_if(query, best) if with_what_if else []
    return AccessAnswer(
        query,
        best.verdict,
        best.max_foreign_share,
        best.exclusive,
        best.activity,
        candidates,
        others,
        best,
        what_if,
        _notes(query, best),
    )


def editions_governing(zone: str, day: date) -> list[Edition]:
    scope = "ftz" if zone in LIST_ZONES["ftz"] else "national"
    return [e for e in access_data().editions if e.scope == scope and e.in_force(day)]


def assess(activity: Activity, query: AccessQuery) -> Assessment:
    data = access_data()
    keys = set(activity.data.measures)
    openings = [
        o
        for o in data.openings
        if query.zone in o.zones
        and activity.id in o.activities
        and o.effective_from <= query.on
        and (o.effective_to is None or query.on <= o.effective_to)
    ]
    lifted = {key: o for o in openings for key in o.lifts}
    applied: list[Applied] = []
    for edition in editions_governing(query.zone, query.on):
        for measure in data.measures[edition.id]:
            if measure.key not in keys:
                continue
            if activity.id in measure.excepts:
                applied.append(Applied(measure, "excepted"))
            elif measure.key in lifted:
                applied.append(Applied(measure, "lifted", lifted_by=lifted[measure.key]))
            else:
                applied.append(Applied(measure, "applies", tuple(_apply(c, query) for c in measure.constraints)))
    binding = [a for a in applied if a.role == "applies"]
    if any(a.fails for a in binding):
        verdict: Verdict = "not_allowed"
    elif binding:
        verdict = "restricted"
    else:
        verdict = "allowed"
    caps = [(o.cap, o.exclusive) for a in binding for o in a.outcomes if o.cap is not None]
    cap, exclusive = min(caps, key=lambda c: (c[0], not c[1])) if caps else (None, False)
    used = [o for o in openings if any(a.lifted_by is o for a in applied)]
    if verdict == "allowed" and any(o.condition_zh for o in used):
        verdict = "restricted"  # allowed on the opening's own terms
    return Assessment(activity, verdict, cap, exclusive, applied, used, _needs(binding, query))


def _apply(constraint: Constraint, query: AccessQuery) -> Outcome:
    """One constraint against the query: each kind of constraint is one rule, with its limit."""
    share, largest, value = query.foreign_share, query.largest, constraint.value or 0
    kind = constraint.kind
    if kind == "prohibited":
        return Outcome(constraint, "fails")
    if kind == "foreign_max":
        return Outcome(constraint, "holds" if share <= value else "fails", value)
    if kind == "chinese_min":
        return Outcome(constraint, "holds" if share <= 100 - value else "fails", 100 - value)
    if kind == "chinese_control":
        return Outcome(constraint, "holds" if share < 50 else "fails", 50, exclusive=True)
    if kind == "chinese_relative_control":
        # The Chinese side must out-hold every single foreign investor: 100 − share > the largest one.
        limit = 100 - largest if query.largest_investor_share is not None else 50
        return Outcome(constraint, "holds" if 100 - share > largest else "fails", limit, exclusive=True)
    if kind == "single_investor_max":
        return Outcome(constraint, "holds" if largest <= value else "fails")
    if kind in ("jv_only", "chinese_led"):
        state: Literal["holds", "fails", "condition"] = "fails" if share >= 100 else "holds"
        if kind == "chinese_led" and state == "holds":
            state = "condition"  # the principal and half the board are governance terms, not a share
        return Outcome(constraint, state, 100, exclusive=True)
    if kind == "chinese_legal_rep":
        known = query.legal_rep_chinese
        return Outcome(constraint, "condition" if known is None else "holds" if known else "fails")
    raise AssertionError(f"unknown constraint kind {kind}")  # the data model admits no other


def _needs(binding: list[Applied], query: AccessQuery) -> list[str]:
    """Inputs the answer depends on that were not given."""
    kinds = {o.constraint.kind for a in binding for o in a.outcomes}
    needs = []
    if kinds & {"single_investor_max", "chinese_relative_control"} and query.largest_investor_share is None:
        needs.append("largest_investor_share")
    if "chinese_legal_rep" in kinds and query.legal_rep_chinese is None:
        needs.append("legal_rep_chinese")
    return needs


# --- words ---------------------------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{value:g}%"


def constraint_words(constraint: Constraint) -> Any:
    """The constraint as a person states it, in the active language."""
    value = _pct(constraint.value) if constraint.value is not None else ""
    words = {
        "prohibited": _("禁止外商投资"),
        "foreign_max": format_lazy(_("外资股比不得超过 {value}"), value=value),
        "chinese_min": format_lazy(
            _("中方股比不得低于 {value}（外资不超过 {foreign}）"),
            value=value,
            foreign=_pct(100 - (constraint.value or 0)),
        ),
        "chinese_control": _("须由中方控股：中方持股须超过 50%（外资须低于 50%）"),
        "chinese_relative_control": _("须由中方相对控股：中方须是持股最多的一方，且持股超过任何一家外国投资者"),
        "single_investor_max": format_lazy(_("一家外国投资者及其关联企业的持股不得超过 {value}"), value=value),
        "jv_only": _("限于合资：须有中方投资者持股，不能外商独资"),
        "chinese_led": _(
            "限于中外合作办学，须由中方主导：校长或主要行政负责人须具有中国国籍，理事会、董事会或联合管理委员会中方成员不少于一半"
        ),
        "chinese_legal_rep": _("法定代表人须由中国籍公民担任"),
    }
    return words[constraint.kind]


def _conditions(assessment: Assessment) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    english = in_english()
    for opening in assessment.openings:
        text = opening.condition_en if english else opening.condition_zh
        if text:
            seen.setdefault(text, {"code": "opening_condition", "text": text})
    for applied in assessment.applied:
        if applied.role != "applies":
            continue
        for outcome in applied.outcomes:
            text = str(constraint_words(outcome.constraint))
            seen.setdefault(text, {"code": outcome.constraint.kind, "text": text})
    return list(seen.values())


def _reasons(assessment: Assessment, query: AccessQuery) -> list[str]:
    reasons = []
    for applied in assessment.applied:
        if not applied.fails:
            continue
        for outcome in applied.outcomes:
            if outcome.state == "fails":
                reasons.append(str(_failure_words(outcome, query)))
    return list(dict.fromkeys(reasons))


def _failure_words(outcome: Outcome, query: AccessQuery) -> Any:
    kind, share = outcome.constraint.kind, _pct(query.foreign_share)
    if kind == "prohibited":
        return _("该领域禁止外商投资，任何外资股比都不允许")
    if kind == "single_investor_max":
        return format_lazy(
            _("一家外国投资者及其关联企业持股 {largest}，超过上限 {value}"),
            largest=_pct(query.largest),
            value=_pct(outcome.constraint.value or 0),
        )
    if kind == "chinese_legal_rep":
        return _("法定代表人须由中国籍公民担任，而拟任法定代表人不是中国籍")
    if kind in ("jv_only", "chinese_led"):
        return _("外商独资（外资 100%）不允许：须有中方投资者")
    if outcome.exclusive:
        return format_lazy(_("外资股比 {share} 须低于 {cap}"), share=share, cap=_pct(outcome.cap or 0))
    return format_lazy(_("外资股比 {share} 超过上限 {cap}"), share=share, cap=_pct(outcome.cap or 0))


EVIDENCE_WORDS = {
    "read": _("原文已核对"),
    "quoted": _("原文据引用该清单的报道核对，未见官方全文"),
    "read_in_other_edition": _("原文据另一版清单核对，未在本版副本中核对"),
    "recalled": _("原文未能核对（依据对官方文本的记忆），依赖前请核对官方文本"),
}


def _citations(assessment: Assessment) -> list[dict[str, Any]]:
    english = in_english()
    rows = []
    for opening in assessment.openings:
        rows.append(
            {
                "rule_set": opening.id,
                "item": opening.item or "",
                "document": opening.document_en if english else opening.document,
                "text": opening.quote,
                "en": opening.quote_en,
                "verified": opening.verified,
                "evidence": "read" if opening.verified else "recalled",
                "evidence_text": str(OPENING_BASIS[opening.basis]),
                "role": "opening",
                "role_text": str(_("北京扩大开放措施")),
            }
        )
    for applied in assessment.applied:
        m = applied.measure
        rows.append(
            {
                "rule_set": m.edition.id,
                "item": str(m.item.number),
                "document": m.edition.title(),
                "text": m.item.text,
                "quote": m.quote,
                "en": m.item.text_en,
                "verified": m.item.verified,
                "evidence": m.item.evidence,
                "evidence_text": str(EVIDENCE_WORDS[m.item.evidence]),
                "role": applied.role,
                "role_text": str(ROLE_WORDS[applied.role]),
                "constraints": [str(constraint_words(c)) for c in m.constraints],
            }
        )
    return rows


ROLE_WORDS = {
    "applies": _("适用"),
    "excepted": _("该条目明确将本业务列为例外，不受此项限制"),
    "lifted": _("在此地点和日期已被北京扩大开放措施取消"),
}
OPENING_BASIS = {
    "final": _("依据正式发布的文件"),
    "pilot": _("依据试点政策：企业须经主管部门批准方可按试点开放"),
    "draft": _("依据征求意见稿，尚未正式施行"),
}


def _notes(query: AccessQuery, assessment: Assessment) -> list[Any]:
    """Notes in words, put together when read (`Later`), so the JSON in any language has them in that language."""
    notes: list[Any] = []
    data = access_data()
    for opening in assessment.openings:
        notes.append(OPENING_BASIS[opening.basis])
        if opening.restated_by and opening.restated_by.draft:
            notes.append(Later(lambda r=opening.restated_by: _restated_words(r)))
        if not opening.verified:
            notes.append(_("该开放措施的生效日期或原文未经核对，依赖前请核对官方文本。"))
    for applied in assessment.applied:
        other = applied.measure.item.differs_from
        if other is None:
            continue
        edition = next((e for e in data.editions if e.id == other.list), None)
        item = next((i for i in edition.data.items if i.number == other.item), None) if edition else None
        if edition and item:
            notes.append(Later(lambda m=applied.measure, e=edition, i=item: _differs_words(m, e, i)))
    unverified = list({a.measure.citation_key: a.measure for a in assessment.applied if not a.measure.item.verified}.values())
    if unverified:
        notes.append(Later(lambda: _unverified_words(unverified)))
    if query.investor_region != "foreign" and any(a.role == "applies" for a in assessment.applied):
        notes.append(
            _(
                "香港、澳门、台湾投资者参照负面清单执行；CEPA、ECFA 等安排有更优惠规定的，从其规定（负面清单说明第九条，原文未核实）。"
            )
        )
    return notes


@dataclass
class Later:
    """Words put together when they are read, so they come out in the reader's language."""

    words: Any

    def __str__(self) -> str:
        return str(self.words())


def _restated_words(restated: Restatement) -> str:
    english = in_english()
    return str(
        format_lazy(
            _("《{document}》第{item}条重申了这项开放，但该文件是征求意见稿。"),
            document=restated.document_en if english else restated.document,
            item=restated.item,
        )
    )


def _unverified_words(measures: list[Measure]) -> str:
    joiner = "; " if in_english() else "、"
    items = joiner.join(str(format_lazy(_("《{list}》第{n}条"), list=m.edition.title(), n=m.item.number)) for m in measures)
    return str(
        format_lazy(_("所依据的清单条目（{items}）的原文未能与官方文本核对，结论仅供参考，依赖前请核对官方文本。"), items=items)
    )


def _differs_words(measure: Measure, edition: Edition, item: ItemData) -> str:
    return str(
        format_lazy(
            _("两份文本的写法不同：《{this}》第{n}条为“{text}”，《{other}》第{m}条为“{other_text}”；在官方文本确认前请注意。"),
            this=measure.edition.title(),
            n=measure.item.number,
            text=measure.item.text,
            other=edition.title(),
            m=item.number,
            other_text=item.text,
        )
    )


@dataclass
class Hint:
    """A what-if in words: another zone, or the share at which the answer changes."""

    template: Any
    values: dict[str, Any]

    def __str__(self) -> str:
        values = {**self.values}
        if "zone" in values:
            values["zone"] = ZONE_LABELS[values["zone"]]
        if "verdict" in values:
            values["verdict"] = VERDICTS[values["verdict"]]
        return str(format_lazy(self.template, **values))


def _what_if(query: AccessQuery, best: Assessment) -> list[Hint]:
    hints: list[Hint] = []
    for zone in ZONES:
        if zone == query.zone:
            continue
        other = assess(best.activity, replace(query, zone=zone))
        if (other.verdict, other.max_foreign_share) == (best.verdict, best.max_foreign_share):
            continue
        values = {"zone": zone, "verdict": other.verdict, "share": _pct(query.foreign_share)}
        if other.verdict != "not_allowed" and other.max_foreign_share is not None and other.max_foreign_share < 100:
            template = _("在{zone}：外资股比 {share} 时{verdict}；外资上限 {cap}")
            values["cap"] = _pct(other.max_foreign_share)
        else:
            template = _("在{zone}：外资股比 {share} 时{verdict}")
        hints.append(Hint(template, values))
    if best.verdict == "not_allowed":
        hints.extend(_fixes(query, best))
    return hints


def _fixes(query: AccessQuery, best: Assessment) -> list[Hint]:
    """What would change a refusal here: a share within the cap, a smaller single investor, a Chinese legal
    representative; each said only when it alone would turn the answer."""
    failing = {o.constraint.kind: o for a in best.applied if a.fails for o in a.outcomes if o.state == "fails"}
    if "prohibited" in failing:
        return []
    hints: list[Hint] = []
    cap, exclusive = best.max_foreign_share, best.exclusive
    if cap is not None and (query.foreign_share >= cap if exclusive else query.foreign_share > cap):
        share = max(0.0, cap - 1 if exclusive else cap)
        changed = replace(query, foreign_share=share, largest_investor_share=min(query.largest, share))
        verdict = assess(best.activity, changed).verdict
        if verdict != "not_allowed" and cap > 0:
            template = _("外资股比低于 {cap} 时{verdict}") if exclusive else _("外资股比不超过 {cap} 时{verdict}")
            hints.append(Hint(template, {"cap": _pct(cap), "verdict": verdict}))
    single = failing.get("single_investor_max")
    if single is not None and single.constraint.value is not None:
        changed = replace(query, largest_investor_share=min(single.constraint.value, query.foreign_share))
        verdict = assess(best.activity, changed).verdict
        if verdict != "not_allowed":
            hints.append(
                Hint(
                    _("任何一家外国投资者（含关联企业）持股不超过 {value} 时{verdict}"),
                    {"value": _pct(single.constraint.value), "verdict": verdict},
                )
            )
    if "chinese_legal_rep" in failing:
        verdict = assess(best.activity, replace(query, legal_rep_chinese=True)).verdict
        if verdict != "not_allowed":
            hints.append(Hint(_("法定代表人由中国籍公民担任时{verdict}"), {"verdict": verdict}))
    return hints


# --- the cases kept with the data ----------------------------------------------------------------------------


def all_cases() -> list[tuple[str, Case, date, str]]:
    """Every case in the data: where it is kept, the case, and the day and zone it runs on unless it says."""
    data = access_data()
    cases = []
    for edition in data.editions:
        zone = LIST_ZONES[edition.scope][0]
        for measure in data.measures[edition.id]:
            for case in measure.cases:
                where = f"{edition.id}#{measure.item.number} {measure.key}"
                cases.append((where, case, case.date or edition.data.effective_from, case.zone or zone))
    for opening in data.openings:
        for case in opening.cases:
            cases.append((f"openings:{opening.id}", case, case.date or opening.effective_from, case.zone or opening.zones[0]))
    return cases


def check_case(case: Case, day: date, zone: str) -> list[str]:
    """Problems with one case; empty when the answer is the one the case expects."""
    answer = check(
        AccessQuery(
            activity=case.activity or "",
            zone=zone,
            foreign_share=case.foreign_share,
            on=day,
            largest_investor_share=case.largest_investor_share,
            legal_rep_chinese=case.legal_rep_chinese,
            # A case with text checks that the text resolves to the entry; one with only an id checks the measure.
            activity_id=None if case.activity else case.activity_id,
        ),
        with_what_if=False,
    )
    problems = []
    if answer.verdict != case.expect:
        problems.append(f"verdict {answer.verdict}, expected {case.expect} ({answer.reasons or answer.conditions})")
    if case.max_foreign_share != "any" and answer.max_foreign_share != case.max_foreign_share:
        problems.append(f"max_foreign_share {answer.max_foreign_share}, expected {case.max_foreign_share}")
    if case.cites and not any(
        f"{c['rule_set']}#{c['item']}" == case.cites or c["rule_set"] == case.cites for c in answer.citations
    ):
        problems.append(f"no citation of {case.cites} among {[(c['rule_set'], c['item']) for c in answer.citations]}")
    if case.activity and case.activity_id and (answer.activity is None or answer.activity.id != case.activity_id):
        problems.append(
            f"{case.activity!r} resolved to {answer.activity.id if answer.activity else None}, not {case.activity_id}"
        )
    return problems


def activity_names() -> list[str]:
    """Every catalogue name in the active language, for the activity field's suggestions."""
    return sorted({a.name() for a in access_data().activities.values()})
