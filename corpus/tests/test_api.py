"""The API: reading is open, ingesting is staff-only, bad payloads get 4xx."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SEED_000
from corpus.models import Document

pytestmark = pytest.mark.django_db


def basic(username: str, password: str) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/documents", "/api/search", "/api/ingest", "/api/units", "/api/measures/{measure_id}"} <= set(schema["paths"])
    assert client.get("/api/docs").status_code == 200


def test_documents_list_and_detail(client):
    documents = client.get("/api/documents").json()
    seed_001 = next(d for d in documents if d["title"] == "北京市关于进一步加强稳外资工作的若干措施")
    assert (seed_001["issuer"], seed_001["date"], seed_001["complete"], seed_001["measure_count"]) == (
        "北京市商务局",
        "2021-12-09",
        False,
        7,
    )
    detail = client.get(f"/api/documents/{seed_001['id']}").json()
    assert [m["number"] for m in detail["measures"]] == list(range(1, 8))
    assert detail["sections"][0]["title"] == "进一步扩大对外开放"


def test_measure_detail_carries_units_mentions_citation_and_similar(client):
    doc = Document.objects.get(title="北京市关于进一步加强稳外资工作的若干措施")
    measure = client.get(f"/api/measures/{doc.measures.get(number=4).pk}").json()
    assert measure["citation"] == "《北京市关于进一步加强稳外资工作的若干措施》第4条"
    units = measure["unit_groups"][0]["units"]
    assert units[0] == {"name": "市商务局", "unit_id": "bj-commerce", "generic": False, "lead": True}
    assert measure["similar"][0]["title"] == "打造更高能级总部经济"
    assert measure["mentions"]["laws"] == [{"title": "北京市促进总部企业高质量发展的相关规定"}]


def test_unit_endpoints(client):
    units = client.get("/api/units").json()
    commerce = next(u for u in units if u["id"] == "bj-commerce")
    assert "市商务局" in commerce["aliases"] and commerce["name"] == "北京市商务局"
    owned = client.get("/api/units/bj-commerce/measures").json()
    assert any(m["lead"] and m["title"] == "打造更高能级总部经济" for m in owned)
    assert client.get("/api/units/nope/measures").status_code == 404


def test_search_endpoint(client):
    body = client.get("/api/search", {"q": "外债"}).json()
    assert body["total"] == 1 and "<mark>外债</mark>" in body["hits"][0]["snippet"]
    assert client.get("/api/search", {"q": "  "}).status_code == 400
    assert client.get("/api/search", {"q": "外债", "limit": 1000}).status_code == 422
    assert client.get("/api/search", {"q": "外债", "document": 10**20}).status_code == 422
    assert client.get("/api/search", {"q": "外债", "offset": 10**20}).status_code == 422
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", {"q": "外债", "document": "abc"}).status_code == 422


def test_ingest_requires_staff(client, enterprise_a):
    upload = {"file": SimpleUploadedFile("a.txt", SEED_000.read_bytes())}
    assert client.post("/api/ingest", upload).status_code == 401
    assert (
        client.post(
            "/api/ingest", {"file": SimpleUploadedFile("a.txt", b"x")}, **basic("enterprise", "pw-enterprise-1")
        ).status_code
        == 401
    )


def test_staff_ingest_dry_run_and_real(client, coordinator):
    text = SEED_000.read_text(encoding="utf-8").replace("（征求意见稿）", "")
    auth = basic("coord", "pw-coord-1")
    dry = client.post("/api/ingest?dry_run=true", {"file": SimpleUploadedFile("final.txt", text.encode())}, **auth)
    assert dry.status_code == 200 and dry.json()["action"] == "dry-run" and dry.json()["document_id"] is None
    real = client.post("/api/ingest", {"file": SimpleUploadedFile("final.txt", text.encode())}, **auth)
    assert real.status_code == 201 and real.json()["action"] == "new-version"
    again = client.post("/api/ingest", {"file": SimpleUploadedFile("final.txt", text.encode())}, **auth)
    assert again.status_code == 200 and again.json()["action"] == "unchanged"


def test_staff_ingest_of_bad_input_is_400(client, coordinator):
    auth = basic("coord", "pw-coord-1")
    before = Document.objects.count()
    response = client.post("/api/ingest", {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 nothing")}, **auth)
    assert response.status_code == 400 and response.json()["detail"].startswith("scan.pdf:")
    assert client.post("/api/ingest", {}, **auth).status_code == 422
    assert Document.objects.count() == before


def test_staff_session_ingest_needs_csrf(client, coordinator):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(coordinator)
    response = csrf_client.post("/api/ingest", {"file": SimpleUploadedFile("a.txt", b"x")})
    assert response.status_code == 403


def test_basic_auth_ingest_works_with_csrf_checks_on(coordinator):
    from django.test import Client

    text = SEED_000.read_text(encoding="utf-8").replace("（征求意见稿）", "")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/ingest?dry_run=true",
        {"file": SimpleUploadedFile("final.txt", text.encode())},
        **basic("coord", "pw-coord-1"),
    )
    assert response.status_code == 200 and response.json()["action"] == "dry-run"
