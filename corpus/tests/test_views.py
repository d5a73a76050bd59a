"""Pages as a visitor and a coordinator see them, in both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from corpus.models import Document, Measure, UnitGroupMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_001():
    return Document.objects.get(title="北京市关于进一步加强稳外资工作的若干措施")


def test_home_lists_documents_with_badges(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "北京市关于进一步加强稳外资工作的若干措施" in body and "文本不完整" in body and "征求意见稿" in body


def test_every_page_has_the_language_switch(client, seed_001):
    measure = seed_001.measures.get(number=4)
    for url in [
        "/",
        seed_001.get_absolute_url(),
        measure.get_absolute_url(),
        "/units/",
        "/units/bj-commerce/",
        "/search/?q=总部",
    ]:
        body = client.get(url).content.decode()
        assert 'action="/i18n/setlang/"' in body, url


def test_switching_to_english_shows_english_titles(client, seed_001):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(seed_001.get_absolute_url()).content.decode()
    assert "Several Measures of Beijing" in body and "Build a higher-level headquarters economy" in body
    assert '<html lang="en">' in body


def test_document_page_shows_sections_measures_and_unit_links(client, seed_001):
    body = client.get(seed_001.get_absolute_url()).content.decode()
    assert "聚集全球高端优质资源" in body and "4. 打造更高能级总部经济" in body
    assert 'href="/units/bj-commerce/"' in body and "2021-12-09" in body


def test_measure_page_cites_its_clause_and_shows_similar_measure(client, seed_001):
    measure = seed_001.measures.get(number=4)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "《北京市关于进一步加强稳外资工作的若干措施》第4条" in body
    assert "北京市促进总部企业高质量发展的相关规定" in body
    other = Measure.objects.get(document__base_title="北京市深化服务业扩大开放促进外商投资实施方案", number=7)
    assert other.get_absolute_url() in body


def test_unit_page_separates_lead_and_co_measures(client):
    response = client.get("/units/bj-economy-it/")
    lead, co = response.context["lead"], response.context["co"]
    assert "推动电信领域外资企业申请资质" in [m.title for m in lead]
    assert "健全外商投资准入管理" in [m.title for m in co]


def test_unknown_objects_are_404(client):
    assert client.get("/measures/999999/").status_code == 404
    assert client.get("/units/no-such-unit/").status_code == 404


def test_search_page_with_filters(client, seed_001):
    response = client.get("/search/", {"q": "总部", "document": seed_001.pk})
    hits = response.context["results"].hits
    assert hits[0].measure.number == 4 and {h.measure.document_id for h in hits} == {seed_001.pk}
    assert "<mark>总部</mark>" in response.content.decode()


def test_search_page_rejects_unknown_filters_without_crashing(client):
    response = client.get("/search/", {"q": "总部", "document": "abc", "unit": "nope"})
    assert response.status_code == 200 and response.context["results"] is None


def test_upload_requires_a_coordinator(client, enterprise_a):
    assert client.get("/upload/").status_code == 302  # to the sign-in page
    client.force_login(enterprise_a)
    assert client.get("/upload/").status_code == 403


def test_staff_upload_ingests_a_file(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import SEED_000

    client.force_login(coordinator)
    text = SEED_000.read_text(encoding="utf-8").replace("（征求意见稿）", "")
    response = client.post("/upload/", {"documents": SimpleUploadedFile("final.txt", text.encode("gb18030"))})
    assert response.status_code == 200
    assert "已作为新版本导入" in response.content.decode()
    assert Document.objects.filter(base_title="北京市深化服务业扩大开放促进外商投资实施方案", version=2).exists()


def test_staff_upload_of_a_bad_file_is_a_400_with_the_reason(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    before = Document.objects.count()
    response = client.post("/upload/", {"documents": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken")})
    assert response.status_code == 400 and "scan.pdf" in response.content.decode()
    assert client.post("/upload/", {}).status_code == 400
    assert Document.objects.count() == before


def test_coordinator_maps_an_unresolved_unit(client, coordinator, lexicon):
    from corpus.ingest import ingest_bytes

    text = "关于试点的通知\n1.开展试点。做好相关工作。（市数字经济推进办、市商务局）"
    ingest_bytes(text.encode(), "pilot.txt")
    client.force_login(coordinator)
    page = client.get(reverse("corpus:unresolved")).content.decode()
    assert "市数字经济推进办" in page
    response = client.post(reverse("corpus:unresolved"), {"name": "市数字经济推进办", "unit": "bj-economy-it"})
    assert response.status_code == 302
    member = UnitGroupMember.objects.get(name="市数字经济推进办")
    assert member.unit.code == "bj-economy-it"
    remaining = [row["name"] for row, _form in client.get(reverse("corpus:unresolved")).context["rows"]]
    assert "市数字经济推进办" not in remaining


def test_unresolved_page_is_for_coordinators_only(client, enterprise_a):
    client.force_login(enterprise_a)
    assert client.get(reverse("corpus:unresolved")).status_code == 403


def test_a_coordinator_without_the_staff_flag_maps_units_and_uploads(client, coordinator):
    client.force_login(coordinator)
    assert [client.get(reverse(name)).status_code for name in ("corpus:unresolved", "corpus:upload")] == [200, 200]


def test_absurd_page_numbers_are_not_a_server_error(client):
    assert client.get("/search/", {"q": "外债", "page": "100000000000000000000"}).status_code == 200


def test_editing_a_measure_in_the_admin_updates_search(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-123")
    client.force_login(admin)
    measure = Measure.objects.get(document__title="北京市关于进一步加强稳外资工作的若干措施", number=7)
    url = f"/admin/corpus/measure/{measure.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(
        {
            "title": measure.title,
            "text": measure.text + "新增离岸贸易便利化试点。",
            "document": measure.document_id,
            "section": measure.section_id or "",
            "number": measure.number,
            "mentions": "{}",
        }
    )
    data.update(
        {
            "unit_groups-TOTAL_FORMS": "0",
            "unit_groups-INITIAL_FORMS": "0",
            "unit_groups-MIN_NUM_FORMS": "0",
            "unit_groups-MAX_NUM_FORMS": "1000",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    from corpus import search

    assert [h.measure.pk for h in search.search("离岸贸易").hits] == [measure.pk]


def test_an_oversized_upload_is_refused_before_it_is_read(client, coordinator, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.INVESTBJ_MAX_DOCUMENT_BYTES = 10
    client.force_login(coordinator)
    response = client.post("/upload/", {"documents": SimpleUploadedFile("big.txt", "一、总则\n1.一项。内容。".encode())})
    assert response.status_code == 400 and "big.txt: the file is larger than" in response.content.decode()
