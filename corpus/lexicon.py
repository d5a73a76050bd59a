"""Name lookup the parser needs: responsible units and zones, by any alias.

Kept free of Django so the parser can run (and be benchmarked) on plain
data; `directory.registry` builds one from the database, `from_files` from
the reference data files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from directory.names import normalize_name


@dataclass(frozen=True)
class UnitEntry:
    unit_id: str
    generic: bool


@dataclass
class Lexicon:
    units: dict[str, UnitEntry] = field(default_factory=dict)
    zones: dict[str, str] = field(default_factory=dict)
    _zone_pattern: re.Pattern[str] | None = field(default=None, repr=False)
    # What the parser has read from a unit group's text with these names: it depends on nothing else.
    group_cache: dict[str, object] = field(default_factory=dict, repr=False)
    piece_cache: dict[str, object] = field(default_factory=dict, repr=False)

    def forget_reads(self) -> None:
        """Drop what the parser has remembered (a benchmark pass starts as a fresh ingest run)."""
        self.group_cache.clear()
        self.piece_cache.clear()

    @classmethod
    def build(cls, units: Iterable[tuple[str, str, bool]], zones: Iterable[tuple[str, str]]) -> Lexicon:
        """units: (name or alias, unit id, generic); zones: (name or alias, zone id)."""
        lexicon = cls()
        for name, unit_id, generic in units:
            lexicon.units[normalize_name(name)] = UnitEntry(unit_id, generic)
        for name, zone_id in zones:
            lexicon.zones[name] = zone_id
        return lexicon

    def resolve_unit(self, name: str) -> UnitEntry | None:
        return self.units.get(normalize_name(name))

    def knows_unit(self, name: str) -> bool:
        return normalize_name(name) in self.units

    @property
    def zone_pattern(self) -> re.Pattern[str] | None:
        if self._zone_pattern is None and self.zones:
            self._zone_pattern = re.compile(_trie_pattern(self.zones))
        return self._zone_pattern


def _trie_pattern(names: Iterable[str]) -> str:
    """One alternation that shares prefixes (中关村(?:综合保税区)?…) and prefers the longest name, so
    中关村综合保税区 wins over 中关村; a flat list of 80 names costs a try of each at every 中."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(trie)


def _branch(node: dict) -> str:
    ends_here = "" in node
    options = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    if ends_here:
        return ("(?:" + body + ")?") if len(options) == 1 and len(body) > 1 else body + "?"
    return body


def lexicon_from_records(unit_records: Iterable[Mapping], zone_records: Iterable[Mapping]) -> Lexicon:
    """Build from the rows of directory/data/units.yaml and zones.yaml."""
    units: list[tuple[str, str, bool]] = []
    for record in unit_records:
        generic = record["kind"] == "generic"
        for name in [record["name"], *record.get("aliases", [])]:
            units.append((name, record["id"], generic))
    zones: list[tuple[str, str]] = []
    for record in zone_records:
        for name in [record["name"], *record.get("aliases", [])]:
            zones.append((name, record["id"]))
    return Lexicon.build(units, zones)
