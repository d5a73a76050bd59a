"""The permission matrix (permission_matrix.yaml) walked through the web pages and the API, by direct URL,
for every role: the allowed roles get the object or make the change, every other role is refused without
seeing it and without a single row written."""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Permission
from stdnum.cn import uscc

MATRIX = Path(__file__).resolve().parent / "permission_matrix.yaml"
DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
PASSWORD = "matrix-test-passphrase"


@lru_cache(maxsize=1)
def matrix() -> dict:
    return yaml.safe_load(MATRIX.read_text(encoding="utf-8"))


def _cells():
    for row in matrix()["rows"]:
        for channel in ("web", "api"):
            if row.get(channel):
                for role in matrix()["roles"]:
                    yield pytest.param(row, channel, role, id=f"{row['object']}·{row['action']}·{channel}·{role}")


def _code(serial: int) -> str:
    body = f"91110105MA0{serial:06d}"
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def world(django_user_model):
    """Two enterprises, one of each role's users, and the objects of the matrix."""
    from django.utils import timezone

    from applications import steps as applications
    from applications.tests.conftest import GREEN_ANSWERS, docx, pdf
    from applications.types import get_type
    from corpus.models import Document
    from directory.models import Enterprise, EnterpriseClaim, EnterpriseMembership, Unit, UnitMembership
    from directory.roles import coordinator_group
    from jobs.models import Job
    from reporting import intake
    from reporting.tests.conftest import annual
    from services import steps as services
    from services.tests.conftest import TODAY, VISA_ISSUE
    from tracking import ledger
    from tracking.models import DispatchRound, ProgressReport

    def person(name: str, *, enterprise=None, unit: str | None = None, perm: str | None = None):
        user = django_user_model.objects.create_user(name, password=PASSWORD)
        if enterprise:
            EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
        if unit:
            UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit))
        if perm:
            user.user_permissions.add(Permission.objects.get(codename=perm, content_type__app_label="reporting"))
        return user

    def firm(name: str, serial: int, district: str) -> Enterprise:
        return Enterprise.objects.create(
            uscc=_code(serial), name=name, industry="2710", district=Unit.objects.get(code=district),
            investor_countries=["DE"], verification=Enterprise.Verification.VERIFIED,  # type: ignore[misc]
        )  # fmt: skip

    a, b = firm("甲医药（北京）有限公司", 1, "district-chaoyang"), firm("乙科技（北京）有限公司", 2, "district-haidian")
    users = {
        "enterprise_a": person("ent-a", enterprise=a),
        "enterprise_b": person("ent-b", enterprise=b),
        "unit_lead": person("econ", unit="bj-economy-it"),
        "unit_co": person("comms", unit="cn-comms-beijing"),
        "unit_next": person("medical", unit="bj-medical-products"),
        "unit_other": person("health", unit="bj-health"),
        "district_chaoyang": person("rev-chaoyang", unit="district-chaoyang", perm="review_district"),
        "district_haidian": person("rev-haidian", unit="district-haidian", perm="review_district"),
        "city_reviewer": person("rev-city", perm="review_city"),
        "coordinator": person("coord"),
        "coordinator_unit": person("coord-commerce", unit="bj-commerce"),
    }
    users["coordinator"].groups.add(coordinator_group())
    users["coordinator_unit"].groups.add(coordinator_group())
    seed = Document.objects.get(title__startswith="北京市深化服务业扩大开放", is_latest=True)
    task = next(t for t in ledger.create_tasks(ledger.propose_tasks(seed, expand_generic=False)) if t.measure.number == 2)
    issue = services.route(
        services.raise_issue(a, users["enterprise_a"], dict(VISA_ISSUE), today=TODAY), users["coordinator"],
        Unit.objects.get(code="bj-economy-it"),
    )  # fmt: skip
    green = get_type("data-export-green-channel")
    draft = applications.save_draft(
        green, a, users["enterprise_a"], dict(GREEN_ANSWERS), {"self-assessment": [pdf()], "contract": [docx()]}
    )
    application = applications.submit(green, draft, users["enterprise_a"], today=TODAY)
    report = intake.submit(
        intake.save(annual(a.uscc, name=a.name, industry="2710"), a, users["enterprise_a"], today=TODAY), users["enterprise_a"]
    )
    # What only some may read: a returned report of the lead unit, an officials' note, a unit's step comment,
    # a district's return comment; and the report a coordinator filed for their own unit, waiting for a decision.
    past = DispatchRound.objects.create(
        title="上一轮调度", due_on=TODAY, opened_by=users["coordinator"], closed_at=timezone.now()
    )  # fmt: skip
    content = {"status": "in_progress", "percent": 30, "narrative": "IDC试点材料清单已报送", "next_steps": "", "difficulties": ""}
    returned = ProgressReport.objects.create(round=past, task=task, unit=Unit.objects.get(code="bj-economy-it"),
                                             submitted_by=users["unit_lead"], **content)  # fmt: skip
    returned.decide("returned", users["coordinator"], "请补充CDN试点企业名单", returned.version)
    own = ProgressReport.objects.create(round=past, task=task, unit=Unit.objects.get(code="bj-commerce"),
                                        submitted_by=users["coordinator_unit"], **content)  # fmt: skip
    services.add_note(issue, users["unit_lead"], Unit.objects.get(code="bj-economy-it"), "已与市公安局出入境管理局电话沟通")
    cyberspace = person("cyberspace", unit="bj-cyberspace")
    applications.pass_step(application, cyberspace, Unit.objects.get(code="bj-cyberspace"), "数据出境清单已逐项核对", today=TODAY)
    earlier = intake.submit(
        intake.save(annual(a.uscc, name=a.name, industry="2710", year=2024), a, users["enterprise_a"], today=TODAY),
        users["enterprise_a"],
    )
    intake.review(earlier, users["district_chaoyang"], "district", accept=False, comment="营业收入与财务报表不一致")
    DispatchRound.objects.create(title="第一轮调度", due_on=TODAY.replace(year=TODAY.year + 1), opened_by=users["coordinator"])
    job = Job.objects.create(kind="reporting.import", started_by=users["district_chaoyang"])
    colleague = person("ent-a-colleague", enterprise=a)
    claim = EnterpriseClaim.objects.create(user=person("claimant"), enterprise=a, name=a.name, contact="陈先生")
    ids = {
        "task": task.pk, "issue": issue.pk, "enterprise": a.pk, "application": application.pk, "report": report.pk,
        "returned_report": earlier.pk, "own_report": own.pk, "job": job.pk, "colleague": colleague.pk,
        "claim": claim.pk,
    }  # fmt: skip
    return users, ids


def _own_unit(user) -> str:
    """The unit a role acts for, as a form names it (its id), or nothing for a role without one."""
    membership = user.unit_memberships.first()
    return str(membership.unit_id) if membership else ""


def _filled(data: dict, ids: dict) -> dict:
    return {key: value.format(**ids) if isinstance(value, str) else value for key, value in data.items()}


def _rows_written() -> int:
    """Every history row of every tracked model: any write of the app leaves one."""
    from investbj.audit import tracked_models

    return sum(model.history.count() for model in tracked_models().values())  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "channel", "role"), list(_cells()))
def test_the_matrix(client, world, row, channel, role):
    users, ids = world
    url = row[channel].format(**ids)
    headers = {}
    if role != "anonymous":
        if channel == "web":
            client.force_login(users[role])
        else:
            token = base64.b64encode(f"{users[role].username}:{PASSWORD}".encode()).decode()
            headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    writes = row.get("method", "GET") == "POST"
    ids = {**ids, "own_unit": _own_unit(users[role]) if role != "anonymous" else ""}
    before = _rows_written()
    if not writes:
        response = client.get(url, **headers)
    elif channel == "web":
        response = client.post(url, _filled(row["web_data"], ids), **headers)
    else:
        response = client.post(url, _filled(row["api_data"], ids), content_type="application/json", **headers)
    if row.get("shows"):
        _assert_shown_only_to_allowed(row, role, response, url)
        return
    if role in row["allowed"]:
        if writes:
            done = response.status_code in ((302,) if channel == "web" else (200, 201))
            assert done and _rows_written() > before, f"{role} should {row['action']} {row['object']} at {url}"
        else:
            assert response.status_code == 200, f"{role} should {row['action']} {row['object']} at {url}"
        return
    assert _rows_written() == before, f"{role} changed {row['object']} at {url}"
    if role == "anonymous":
        expected = (302,) if channel == "web" else (401,)
        assert response.status_code in expected and (channel == "api" or "/accounts/login/" in response["Location"])
    else:
        assert response.status_code in (403, 404), f"{role} must not {row['action']} {row['object']} at {url}"


def _assert_shown_only_to_allowed(row: dict, role: str, response, url: str) -> None:
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)  # the API escapes Chinese
    for words in row["shows"]:
        if role in row["allowed"]:
            assert response.status_code == 200 and words in body, f"{role} should {row['action']}: {words!r} at {url}"
        else:
            assert words not in body, f"{role} must not {row['action']}: {words!r} at {url}"


def render_table() -> str:
    roles = list(matrix()["roles"])
    lines = ["| object | action | web | API | " + " | ".join(roles) + " |", "|" + "---|" * (4 + len(roles))]
    for row in matrix()["rows"]:
        cells = ["✓" if role in row["allowed"] else "—" for role in roles]
        web, api = (f"`{row[c]}`" if row.get(c) else "" for c in ("web", "api"))
        lines.append(f"| {row['object']} | {row['action']} | {web} | {api} | " + " | ".join(cells) + " |")
    legend = [f"- `{role}`: {text}" for role, text in matrix()["roles"].items()]
    return "\n".join([*lines, "", *legend])


def test_the_documented_table_is_the_tested_one():
    document = DOC.read_text(encoding="utf-8")
    start, end = "<!-- permission-matrix:start -->", "<!-- permission-matrix:end -->"
    assert start in document and end in document, f"{DOC} lacks the matrix markers"
    documented = document.split(start)[1].split(end)[0].strip()
    assert documented == render_table(), "docs/security.md is out of date: paste render_table() between the markers"
