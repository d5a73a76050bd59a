"""Load the unit registry and zone list from directory/data/, validated.

Idempotent: running it twice changes nothing; aliases a coordinator mapped by
hand are kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from directory.models import Unit, UnitAlias, Zone
from directory.names import normalize_name

DATA_DIR = Path(__file__).resolve().parent / "data"


class ReferenceDataError(ValueError):
    pass


class UnitRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    name_en: str
    kind: Literal[tuple(Unit.Kind.values)]  # type: ignore[valid-type]
    aliases: list[str] = []
    note: str | None = None


class ZoneRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    name_en: str
    kind: str
    parent: str | None = None
    aliases: list[str] = []
    note: str | None = None


class UnitFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["investbj.units/1"] = Field(alias="schema")
    version: str
    source: str
    units: list[UnitRecord]

    @model_validator(mode="after")
    def names_are_unambiguous(self) -> UnitFile:
        _check_unique((r.id for r in self.units), "unit id")
        seen: dict[str, str] = {}
        for record in self.units:
            for name in {normalize_name(n) for n in [record.name, *record.aliases]}:
                if name in seen and seen[name] != record.id:
                    raise ValueError(f"name {name!r} is given to both {seen[name]} and {record.id}")
                seen[name] = record.id
        return self


class ZoneFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["investbj.zones/1"] = Field(alias="schema")
    version: str
    source: str
    zones: list[ZoneRecord]

    @model_validator(mode="after")
    def ids_are_unique(self) -> ZoneFile:
        _check_unique((r.id for r in self.zones), "zone id")
        _check_unique((n for r in self.zones for n in {r.name, *r.aliases}), "zone name or alias")
        ids = {r.id for r in self.zones}
        for record in self.zones:
            if record.parent and record.parent not in ids:
                raise ValueError(f"zone {record.id}: parent {record.parent!r} is not a zone id")
        return self


def _check_unique(values, what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)


def read_units(path: Path = DATA_DIR / "units.yaml") -> UnitFile:
    return _read(path, UnitFile)


def read_zones(path: Path = DATA_DIR / "zones.yaml") -> ZoneFile:
    return _read(path, ZoneFile)


def _read(path: Path, model):
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{path}: cannot read ({exc})") from exc
    except ValidationError as exc:
        raise ReferenceDataError(f"{path}: {exc}") from exc


@transaction.atomic
def load_directory() -> dict[str, int]:
    """Upsert units, their reference aliases and zones; return counts."""
    units = read_units()
    zones = read_zones()
    for record in units.units:
        unit, _ = Unit.objects.update_or_create(
            code=record.id,
            defaults={"name": record.name, "name_en": record.name_en, "kind": record.kind, "note": record.note or ""},
        )
        for alias in dict.fromkeys([record.name, *record.aliases]):
            key = normalize_name(alias)
            UnitAlias.objects.update_or_create(
                key=key, defaults={"unit": unit, "alias": alias, "source": UnitAlias.Source.REFERENCE}
            )
    by_code = {}
    for zone_record in zones.zones:
        zone, _ = Zone.objects.update_or_create(
            code=zone_record.id,
            defaults={
                "name": zone_record.name,
                "name_en": zone_record.name_en,
                "kind": zone_record.kind,
                "aliases": zone_record.aliases,
            },
        )
        by_code[zone_record.id] = zone
    for zone_record in zones.zones:
        parent = by_code.get(zone_record.parent) if zone_record.parent else None
        Zone.objects.filter(code=zone_record.id).update(parent=parent)
    return {"units": len(units.units), "zones": len(zones.zones)}
