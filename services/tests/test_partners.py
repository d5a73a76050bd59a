"""The Global Service Partner Program: enrolment with a service contact, visits logged, partners' issues first."""

from __future__ import annotations

import pytest

from services import steps
from services.models import Issue, Partner

from .conftest import TODAY, VISA_ISSUE, unit

pytestmark = pytest.mark.django_db


def enrol(client, ent, contact, **changes):
    data = {
        "enterprise": ent.pk,
        "focus_field": "数字经济",
        "criteria": "在数据中心领域具备国际领先地位，有意在京发展",
        "service_unit": unit("bj-public-security").pk,
        "service_contact": contact.pk,
        "enrolled_on": "2026-11-01",
    }
    data.update(changes)
    return client.post("/services/partners/", data)


def test_a_coordinator_enrols_a_partner_and_its_open_issues_are_flagged(client, coordinator, police, alice, ent_a):
    open_issue = steps.raise_issue(ent_a, alice, dict(VISA_ISSUE), today=TODAY)
    client.force_login(coordinator)
    response = enrol(client, ent_a, police)
    partner = Partner.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/partners/{partner.pk}/"
    assert partner.enrolled_by == coordinator and partner.active
    open_issue.refresh_from_db()
    assert open_issue.partner


def test_the_service_contact_must_work_for_the_service_unit(client, coordinator, health, ent_a):
    client.force_login(coordinator)
    response = enrol(client, ent_a, health)
    assert response.status_code == 400 and "服务管家应是服务单位的工作人员" in response.content.decode()
    assert not Partner.objects.exists()


def test_an_enterprise_is_enrolled_once_at_a_time(client, coordinator, police, ent_a):
    client.force_login(coordinator)
    enrol(client, ent_a, police)
    response = enrol(client, ent_a, police)
    assert response.status_code == 400 and "已是全球服务伙伴" in response.content.decode()
    partner = Partner.objects.get()
    client.post(f"/services/partners/{partner.pk}/end/")
    partner.refresh_from_db()
    assert not partner.active
    assert enrol(client, ent_a, police).status_code == 302
    assert Partner.objects.count() == 2


def test_unverified_enterprises_cannot_be_enrolled(client, coordinator, police):
    from .conftest import make_enterprise

    pending = make_enterprise("待核验公司", 9, verified=False)
    client.force_login(coordinator)
    assert enrol(client, pending, police).status_code == 400


def test_the_service_unit_logs_a_visit(client, coordinator, police, ent_a):
    partner = Partner.objects.create(
        enterprise=ent_a,
        focus_field="数字经济",
        criteria="国际领先",
        service_unit=unit("bj-public-security"),
        service_contact=police,
        enrolled_by=coordinator,
    )
    client.force_login(police)
    response = client.post(
        f"/services/partners/{partner.pk}/", {"on": "2026-11-20", "kind": "visit", "summary": "走访了解外籍员工需求"}
    )
    assert response.status_code == 302
    contact = partner.contacts.get()
    assert contact.logged_by == police and contact.kind == "visit"
    assert client.post(f"/services/partners/{partner.pk}/", {"on": "", "kind": "visit", "summary": ""}).status_code == 400
    assert partner.contacts.count() == 1


def test_units_see_partners_issues_first_in_their_queue(client, coordinator, police, alice, bob, ent_a, ent_b):
    plain = steps.route(steps.raise_issue(ent_b, bob, dict(VISA_ISSUE), today=TODAY), coordinator, unit("bj-public-security"))
    Partner.objects.create(
        enterprise=ent_a,
        focus_field="数字经济",
        criteria="国际领先",
        service_unit=unit("bj-commerce"),
        service_contact=police,
        enrolled_by=coordinator,
    )
    later = steps.route(
        steps.raise_issue(ent_a, alice, {**VISA_ISSUE, "title": "伙伴企业的问题"}, today=TODAY),
        coordinator,
        unit("bj-public-security"),
    )
    client.force_login(police)
    page = client.get("/services/issues/").content.decode()
    assert page.index("伙伴企业的问题") < page.index(plain.title)
    assert Issue.objects.get(pk=later.pk).partner


def test_the_partner_page_lists_only_issues_the_reader_may_see(client, coordinator, police, alice, ent_a, django_user_model):
    from .conftest import officer

    commerce = officer(django_user_model, "sw", "bj-commerce")
    partner = Partner.objects.create(
        enterprise=ent_a,
        focus_field="数字经济",
        criteria="国际领先",
        service_unit=unit("bj-commerce"),
        service_contact=commerce,
        enrolled_by=coordinator,
    )
    steps.route(
        steps.raise_issue(ent_a, alice, {**VISA_ISSUE, "title": "公安局办理的问题"}, today=TODAY),
        coordinator,
        unit("bj-public-security"),
    )
    client.force_login(commerce)
    assert "公安局办理的问题" not in client.get(f"/services/partners/{partner.pk}/").content.decode()
    client.force_login(coordinator)
    assert "公安局办理的问题" in client.get(f"/services/partners/{partner.pk}/").content.decode()
