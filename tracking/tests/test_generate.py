from __future__ import annotations

import pytest
from django.urls import reverse

from corpus.models import Document
from tracking import ledger
from tracking.models import Task, TaskUnit

pytestmark = pytest.mark.django_db


def test_one_task_per_unit_group_with_the_first_unit_leading(seed000, tasks000):
    assert len(tasks000) == seed000.measures.all().values("unit_groups").exclude(unit_groups=None).count()
    task = next(t for t in tasks000 if t.measure.number == 2)
    roles = [(a.unit.code, a.role) for a in task.assignments.order_by("order")]
    assert roles == [("bj-economy-it", "lead"), ("cn-comms-beijing", "co"), ("bj-commerce", "co")]
    assert task.unit_group is not None and task.title == task.unit_group.closes.strip()


def test_generic_entries_are_kept_as_written_or_expanded_to_the_sixteen_districts():
    seed001 = Document.objects.get(title="北京市关于进一步加强稳外资工作的若干措施")
    kept = ledger.propose_tasks(seed001, expand_generic=False)
    expanded = ledger.propose_tasks(seed001, expand_generic=True)
    assert len(kept) == len(expanded)  # no seed group is led by a generic entry
    kept_units = {p.unit.code for t in kept for p in t.co_units}
    expanded_units = {p.unit.code for t in expanded for p in t.co_units}
    assert "generic-all-districts" not in expanded_units
    assert {"district-haidian", "district-yanqing"} <= expanded_units
    # 相关部门 depends on the matter: never expanded.
    assert "generic-relevant-departments" in kept_units and "generic-relevant-departments" in expanded_units


def test_a_generic_lead_expands_into_one_task_per_district(seed000):
    from corpus.models import UnitGroupMember
    from directory.models import Unit

    group = seed000.measures.get(number=12).unit_groups.first()
    first = group.members.get(order=0)
    first.unit = Unit.objects.get(code="generic-all-districts")
    first.save()
    proposals = [p for p in ledger.propose_tasks(seed000, expand_generic=True) if p.unit_group == group]
    assert len(proposals) == 16 and len({p.lead.unit.code for p in proposals}) == 16
    assert all(p.lead.written_as == first.name for p in proposals)
    assert UnitGroupMember.objects.filter(pk=first.pk).exists()


def test_generating_twice_adds_nothing(seed000, tasks000):
    again = ledger.create_tasks(ledger.propose_tasks(seed000, expand_generic=False))
    assert again == []
    assert Task.objects.filter(measure__document=seed000).count() == len(tasks000)
    assert TaskUnit.objects.filter(task__in=tasks000, role="lead").count() == len(tasks000)


def test_the_coordinator_previews_then_generates(client, coordinator, seed000):
    client.force_login(coordinator)
    url = reverse("tracking:generate", args=[seed000.pk])
    preview = client.get(url, {"expand_generic": "1"})
    assert preview.status_code == 200 and "市经济和信息化局" in preview.content.decode()
    assert not Task.objects.exists()
    response = client.post(url, {"expand_generic": "0"})
    assert response.status_code == 302
    assert Task.objects.filter(measure__document=seed000).count() == 17


def test_only_coordinators_generate(client, lead_officer, seed000):
    client.force_login(lead_officer)
    assert client.post(reverse("tracking:generate", args=[seed000.pk]), {"expand_generic": "0"}).status_code == 403
    assert not Task.objects.exists()


def _proposals_for(text: str):
    from corpus.ingest import ingest_bytes

    document = ingest_bytes(text.encode(), "leads.txt").document
    assert document is not None
    return [(p.lead.unit.code, [c.unit.code for c in p.co_units]) for p in ledger.propose_tasks(document, False)]


def test_the_unit_labelled_lead_leads_even_when_listed_second():
    proposals = _proposals_for("某某措施\n（一）优化服务。（责任单位：市商务局；牵头单位：市发展改革委）")
    assert proposals == [("bj-development-reform", ["bj-commerce"])]


def test_each_labelled_lead_leads_its_own_task():
    text = "某某措施\n（一）优化服务。（牵头单位：市发展改革委、市商务局；责任单位：市财政局）"
    assert _proposals_for(text) == [
        ("bj-development-reform", ["bj-finance"]),
        ("bj-commerce", ["bj-finance"]),
    ]


def test_an_unknown_lead_leaves_the_first_known_unit_to_lead():
    proposals = _proposals_for("某某措施\n（一）优化服务。（牵头单位：市某某新设办公室；责任单位：市商务局、市财政局）")
    assert proposals == [("bj-commerce", ["bj-finance"])]
