from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracking import ledger
from tracking.exports import ledger_workbook
from tracking.models import Task

pytestmark = pytest.mark.django_db


def test_a_bad_file_is_refused_with_its_reason_and_nothing_imported(client, coordinator, tasks000):
    client.force_login(coordinator)
    before = Task.objects.count()
    response = client.post(reverse("tracking:import"), {"file": SimpleUploadedFile("台账.xlsx", b"not a workbook")})
    assert response.status_code == 400
    assert response.context["errors"] and Task.objects.count() == before


def test_the_exported_ledger_imports_back_unchanged(client, coordinator, tasks000):
    client.force_login(coordinator)
    data = ledger_workbook(ledger.with_board_relations(Task.objects.all()), "http://testserver")
    response = client.post(reverse("tracking:import"), {"file": SimpleUploadedFile("台账.xlsx", data)}, follow=True)
    assert f"未变 {len(tasks000)} 项" in response.content.decode()


def test_units_cannot_import(client, lead_officer, tasks000):
    client.force_login(lead_officer)
    response = client.post(reverse("tracking:import"), {"file": SimpleUploadedFile("台账.xlsx", b"x")})
    assert response.status_code == 403
