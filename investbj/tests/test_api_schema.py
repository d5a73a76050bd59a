"""Schemathesis against /api/openapi.json: every operation, called as each role with inputs generated from
the schema, answers without a server error and with a body that matches the documented schema.
A second pass points every id in a path at a real object (the permission matrix's task, issue, application
and report), so the generated bodies reach the code behind the 404s: reviews, answers, progress reports.
A few examples per operation and role here; `make schemathesis` runs 100 (SCHEMATHESIS_EXAMPLES)."""

from __future__ import annotations

import base64
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from investbj.tests.test_permission_matrix import PASSWORD as MATRIX_PASSWORD
from investbj.tests.test_permission_matrix import world  # noqa: F401  (a fixture: the matrix's objects and people)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", 3))
# The coverage phase's boundary cases (dozens of calls per operation and role) run in `make schemathesis`;
# `make test` keeps the generated examples, valid and invalid, within its time budget.
schema.config.phases.coverage.enabled = EXAMPLES > 3
PASSWORD = "schema-test-passphrase"
ALL_ROLES = ["anonymous", "coordinator", "unit", "enterprise", "district_reviewer", "city_reviewer", "fx_bureau"]
# The real-objects test below calls every endpoint as an enterprise, a unit, a district and a city reviewer and
# the coordinator; on an empty database `make test` adds the roles that test does not have (and the
# coordinator, who may call everything), `make schemathesis` runs all of them.
ROLES = ALL_ROLES if EXAMPLES > 3 else ["anonymous", "coordinator", "fx_bureau"]


def _account(django_user_model, role: str):
    from django.contrib.auth.models import Permission

    from directory.models import Enterprise, EnterpriseMembership, Unit, UnitMembership
    from directory.roles import coordinator_group

    user = django_user_model.objects.create_user(f"schema-{role}", password=PASSWORD)
    if role == "coordinator":
        user.groups.add(coordinator_group())
    elif role == "enterprise":
        enterprise = Enterprise.objects.create(
            uscc="91110105MA00000100", name="甲公司", industry="6450", district=Unit.objects.get(code="district-chaoyang"),
            verification=Enterprise.Verification.VERIFIED,
        )  # fmt: skip
        EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    else:
        code, permission = {
            "unit": ("bj-commerce", None), "district_reviewer": ("district-chaoyang", "review_district"),
            "city_reviewer": ("bj-commerce", "review_city"), "fx_bureau": ("cn-safe-beijing", "upload_feed"),
        }[role]  # fmt: skip
        UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=code))
        if permission:
            user.user_permissions.add(Permission.objects.get(codename=permission, content_type__app_label="reporting"))
    return user


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls go straight to the WSGI handler, whose request signals would close the database connection the
    test's transaction runs on (PostgreSQL); Django's own test client unhooks them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=ROLES)
def auth_headers(request, django_user_model) -> dict[str, str]:
    if request.param == "anonymous":
        return {}
    user = _account(django_user_model, request.param)
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_as_each_role(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])


# Path parameters that name an object, and the matrix object each one is pointed at.
REAL_OBJECTS = {"task_id": "task", "issue_id": "issue", "application_id": "application", "report_id": "report"}
MATRIX_ROLES = ["enterprise_a", "enterprise_b", "unit_lead", "district_chaoyang", "city_reviewer", "coordinator"]


@pytest.fixture(params=MATRIX_ROLES)
def matrix_role(request) -> str:
    return request.param


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_on_real_objects_as_each_role(case, world, matrix_role):  # noqa: F811
    users, ids = world
    for name in case.path_parameters or {}:
        if name in REAL_OBJECTS:
            case.path_parameters[name] = ids[REAL_OBJECTS[name]]
    token = base64.b64encode(f"{users[matrix_role].username}:{MATRIX_PASSWORD}".encode()).decode()
    case.call_and_validate(headers={"Authorization": f"Basic {token}"}, checks=[not_a_server_error, response_schema_conformance])
