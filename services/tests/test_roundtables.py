"""Roundtables: invited enterprises submit topics beforehand; minutes items become issues with the usual clock."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from services.models import Issue, Roundtable

from .conftest import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def roundtable(coordinator, ent_a, ent_b):
    table = Roundtable.objects.create(
        held_on=timezone.localdate() + timedelta(days=10),
        topic="数据跨境与人才便利",
        place="市商务局",
        host=unit("bj-commerce"),
        created_by=coordinator,
    )
    table.enterprises.set([ent_a])
    table.units.set([unit("bj-public-security"), unit("bj-cyberspace")])
    return table


def test_a_coordinator_arranges_a_roundtable(client, coordinator, ent_a):
    client.force_login(coordinator)
    response = client.post(
        "/services/roundtables/",
        {
            "held_on": "2026-12-15",
            "topic": "第四季度圆桌会议",
            "host": unit("bj-commerce").pk,
            "enterprises": [ent_a.pk],
            "units": [unit("bj-public-security").pk],
        },
    )
    table = Roundtable.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/roundtables/{table.pk}/"
    assert list(table.enterprises.all()) == [ent_a]


def test_a_roundtable_needs_a_date_and_host(client, coordinator):
    client.force_login(coordinator)
    assert client.post("/services/roundtables/", {"topic": "无日期"}).status_code == 400
    assert not Roundtable.objects.exists()


def test_an_invited_enterprise_submits_a_topic_and_others_cannot(client, roundtable, alice, bob):
    client.force_login(alice)
    response = client.post(f"/services/roundtables/{roundtable.pk}/topics/", {"text": "医药数据出境时限"})
    assert response.status_code == 302
    assert roundtable.topics.get().enterprise == alice.enterprise_memberships.get().enterprise
    client.force_login(bob)
    assert client.post(f"/services/roundtables/{roundtable.pk}/topics/", {"text": "乙公司也想说"}).status_code == 404
    assert roundtable.topics.count() == 1


def test_topics_close_once_the_meeting_has_taken_place(client, roundtable, alice):
    roundtable.held_on = timezone.localdate() - timedelta(days=1)
    roundtable.save()
    client.force_login(alice)
    assert client.post(f"/services/roundtables/{roundtable.pk}/topics/", {"text": "会后才提"}).status_code == 409
    assert not roundtable.topics.exists()


def test_a_minutes_item_becomes_an_issue_assigned_with_the_same_clock(client, coordinator, roundtable, ent_a):
    client.force_login(coordinator)
    response = client.post(
        f"/services/roundtables/{roundtable.pk}/items/",
        {
            "enterprise": ent_a.pk,
            "category": "visas",
            "title": "随行家属居留期限",
            "description": "企业反映外籍专家家属居留期限较短。",
            "unit": unit("bj-public-security").pk,
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.roundtable == roundtable and issue.enterprise == ent_a
    assert issue.status == Issue.Status.ASSIGNED and issue.owner.code == "bj-public-security"
    assert issue.received_on == roundtable.held_on and issue.sla == "general"
    assert issue.answer_due == issue.sla_class.due(roundtable.held_on, 7)
    page = client.get(f"/services/roundtables/{roundtable.pk}/").content.decode()
    assert "随行家属居留期限" in page and "待受理" in page


def test_a_minutes_item_only_names_invited_enterprises(client, coordinator, roundtable, ent_b):
    client.force_login(coordinator)
    response = client.post(
        f"/services/roundtables/{roundtable.pk}/items/",
        {
            "enterprise": ent_b.pk,
            "category": "visas",
            "title": "未受邀",
            "description": "未受邀企业的问题描述。",
            "unit": unit("bj-public-security").pk,
        },
    )
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_the_minutes_file_lists_topics_and_issues_with_their_state(client, coordinator, roundtable, ent_a, alice):
    client.force_login(alice)
    client.post(f"/services/roundtables/{roundtable.pk}/topics/", {"text": "医药数据出境时限"})
    client.force_login(coordinator)
    client.post(
        f"/services/roundtables/{roundtable.pk}/items/",
        {
            "enterprise": ent_a.pk,
            "category": "data_cross_border",
            "title": "数据出境辅导",
            "description": "企业希望获得一对一辅导。",
            "unit": unit("bj-cyberspace").pk,
        },
    )
    response = client.get(f"/services/roundtables/{roundtable.pk}/minutes.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "外资企业圆桌会议纪要" in text and "数据跨境与人才便利" in text and "医药数据出境时限" in text
    assert "第12条" in text
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "数据出境辅导" in cells and "中共北京市委网络安全和信息化委员会办公室" in cells and "待受理" in cells


def test_the_follow_up_counts_show_on_the_page(client, coordinator, roundtable, ent_a, police):
    from services import steps

    issue = steps.raise_issue(
        ent_a, coordinator, {"category": "visas", "title": "甲", "description": "会上反映的问题描述。", "roundtable": roundtable}
    )
    steps.route(issue, coordinator, unit("bj-public-security"))
    steps.answer(issue, police, unit("bj-public-security"), "solved", "已办理")
    from services.stats import follow_up

    assert follow_up(roundtable) == {"已答复": 1}


def test_the_owner_unit_hears_about_a_minutes_item(client, coordinator, roundtable, ent_a, police):
    client.force_login(coordinator)
    client.post(
        f"/services/roundtables/{roundtable.pk}/items/",
        {
            "enterprise": ent_a.pk,
            "category": "visas",
            "title": "家属居留",
            "description": "家属居留期限的问题。",
            "unit": unit("bj-public-security").pk,
        },
    )
    assert police.notifications.count() == 1


def test_the_minutes_survive_control_characters(client, coordinator, roundtable, alice):
    client.force_login(alice)
    client.post(f"/services/roundtables/{roundtable.pk}/topics/", {"text": "数据\x0b出境"})
    client.force_login(coordinator)
    response = client.get(f"/services/roundtables/{roundtable.pk}/minutes.docx")
    assert response.status_code == 200
    assert "数据出境" in "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
