"""Which unit should own an issue: the units that own the measures an issue is about.

The issue's words and its category's domain terms are searched in the policy
corpus (any term may match, ranked by relevance); each matching measure votes
for the units named in its responsible-unit groups, the first-named (lead) unit
most. The votes come back with the measures and words behind them, so the
coordinator confirming the route can see why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from corpus.models import Measure
from corpus.search import query_terms, rank_any
from directory.models import Unit
from services.catalogue import catalogue

MEASURES_CONSIDERED = 8
# Weight of a unit by its place in a responsible-unit group: the lead unit first.
POSITION_WEIGHTS = (1.0, 0.6, 0.45)
OTHER_POSITION_WEIGHT = 0.35
# A group whose own sentences share no word with the issue counts for less.
UNRELATED_GROUP_WEIGHT = 0.5
# Further measures add a little, so one strong match outranks many weak ones.
SUPPORT_WEIGHT = 0.2
ISSUE_TERM_LIMIT = 30
# The category's domain terms count for this much of the issue's own words.
DOMAIN_WEIGHT = 0.35


@dataclass
class Reason:
    measure: Measure
    lead: bool
    terms: list[str]


@dataclass
class Proposal:
    unit: Unit
    score: float
    reasons: list[Reason] = field(default_factory=list)


def issue_terms(text: str) -> list[str]:
    """The issue's own distinctive words: generic policy vocabulary and bare numbers left out."""
    generic = set(catalogue().generic_terms)
    return [t for t in query_terms(text) if t not in generic and not t.isdigit()][:ISSUE_TERM_LIMIT]


def ranked_measures(text: str, category_id: str) -> tuple[list[tuple[int, float]], list[str]]:
    """Measures by relevance to the issue's own words, with the category's domain terms as a lighter second vote.

    The two are searched apart because a category's terms (准入, 负面清单 …) match
    many measures and would drown the one distinctive word (IDC) of the question.
    """
    own = issue_terms(text)
    domain = [t for t in catalogue().category(category_id).terms if t not in own]
    scores: dict[int, float] = defaultdict(float)
    for terms, weight in ((own, 1.0), (domain, DOMAIN_WEIGHT)):
        ranked = rank_any(terms, limit=MEASURES_CONSIDERED)
        best = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
        for pk, relevance in ranked:
            scores[pk] += weight * relevance / best
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:MEASURES_CONSIDERED]
    return ordered, [*own, *domain]


def propose_units(text: str, category_id: str, limit: int = 3) -> list[Proposal]:
    """The units best placed to own an issue, best first, each with the measures that name it."""
    ranked, terms = ranked_measures(text, category_id)
    if not ranked:
        return []
    best = ranked[0][1]
    measures = (
        Measure.objects.select_related("document")
        .prefetch_related("unit_groups__members__unit")
        .in_bulk([pk for pk, _ in ranked])
    )
    votes: dict[int, list[tuple[float, Reason]]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for pk, relevance in ranked:
        measure = measures[pk]
        tokens = set(measure.search_text.split())
        matched = [t for t in terms if t in tokens]
        for unit, weight, lead in _unit_weights(measure, matched):
            units[unit.pk] = unit
            votes[unit.pk].append((relevance / best * weight, Reason(measure, lead, matched)))
    proposals = [_tally(units[unit_id], unit_votes) for unit_id, unit_votes in votes.items()]
    proposals.sort(key=lambda p: (-p.score, p.unit.code))
    return proposals[:limit]


def _unit_weights(measure: Measure, matched: list[str]) -> list[tuple[Unit, float, bool]]:
    """Each resolved unit a measure names, with its weight: best over the groups naming it."""
    weights: dict[int, tuple[Unit, float, bool]] = {}
    for group in measure.unit_groups.all():
        related = not matched or any(term in group.closes for term in matched) or len(measure.unit_groups.all()) == 1
        for member in group.members.all():
            if member.unit is None or member.generic or member.unit.generic:
                continue
            weight = POSITION_WEIGHTS[member.order] if member.order < len(POSITION_WEIGHTS) else OTHER_POSITION_WEIGHT
            weight *= 1.0 if related else UNRELATED_GROUP_WEIGHT
            if member.unit.pk not in weights or weights[member.unit.pk][1] < weight:
                weights[member.unit.pk] = (member.unit, weight, member.lead)
    return list(weights.values())


def _tally(unit: Unit, unit_votes: list[tuple[float, Reason]]) -> Proposal:
    unit_votes.sort(key=lambda v: -v[0])
    score = unit_votes[0][0] + SUPPORT_WEIGHT * sum(v for v, _ in unit_votes[1:])
    return Proposal(unit, round(score, 3), [reason for _, reason in unit_votes[:3]])
