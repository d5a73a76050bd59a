"""Directory API: the responsible-unit registry."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from directory.models import Unit

router = Router(tags=["directory"])


class UnitOut(Schema):
    id: str
    name: str
    name_en: str
    kind: str
    aliases: list[str]


def unit_out(unit: Unit) -> dict:
    return {
        "id": unit.code,
        "name": unit.name,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "aliases": [a.alias for a in unit.aliases.all()],
    }


@router.get("/units", response=list[UnitOut], summary="All responsible units")
def list_units(request, kind: str | None = None):
    units = Unit.objects.prefetch_related("aliases")
    if kind:
        units = units.filter(kind=kind)
    return [unit_out(u) for u in units]


@router.get("/units/{code}", response=UnitOut, summary="One responsible unit by id")
def get_unit(request, code: str):
    return unit_out(get_object_or_404(Unit.objects.prefetch_related("aliases"), code=code))
