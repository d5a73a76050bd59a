"""The application journey in Debian's Chromium, entirely in English: a pharmaceutical FIE checks its
eligibility for the data-export green channel, applies (missing and wrong documents first), 市委网信办
asks for more information, the enterprise answers, 市委网信办 and 市药监局 pass their steps, and the
decision letter downloads."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect
from stdnum.cn import uscc

from applications.models import Application, ApplicationEvent, InfoRequest, ReviewStep
from corpus.tests.documents import as_docx
from directory.models import Enterprise, EnterpriseMembership, Unit, UnitMembership
from testsupport.browser import shoot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "91110115MA0000456"
USCC = BODY + uscc.calc_check_digit(BODY)
NAME_ZH = "北京康远医药有限公司"
NAME_EN = "Kangyuan Pharmaceuticals (Beijing) Co., Ltd."
CLAUSE_3 = "率先为外资医药企业申报数据出境开通绿色通道"  # seed 000, measure 3, as the rule quotes it
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DOCX = as_docx("数据出境合同")
QUESTION = "Please state which clinical-trial data fields leave China and attach the recipient's data-protection policy."
ANSWER = "Only pseudonymised trial results (no names or ID numbers) are exported; the recipient's policy is attached."
PURPOSE = "Pooling the results of a multi-centre clinical trial with our parent company's global safety database."


def upload(name: str, mime: str, data: bytes) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def field(page, control_id: str):
    return page.locator(".field", has=page.locator(f"#{control_id}"))


@pytest.fixture
def people(django_user_model):
    enterprise = Enterprise.objects.create(
        uscc=USCC,
        name=NAME_ZH,
        name_en=NAME_EN,
        investor_countries=["CH"],
        industry="2710",
        district=Unit.objects.get(code="district-daxing"),
        verification=Enterprise.Verification.VERIFIED,
    )
    applicant = django_user_model.objects.create_user("kangyuan", password="pw-kangyuan-1", email="office@kangyuan.example")
    EnterpriseMembership.objects.create(user=applicant, enterprise=enterprise)
    cyberspace = django_user_model.objects.create_user("cac", password="pw-cac-1", email="cac@example.gov.cn")
    UnitMembership.objects.create(user=cyberspace, unit=Unit.objects.get(code="bj-cyberspace"))
    medical = django_user_model.objects.create_user("nmpa", password="pw-nmpa-1", email="nmpa@example.gov.cn")
    UnitMembership.objects.create(user=medical, unit=Unit.objects.get(code="bj-medical-products"))
    return enterprise, applicant, cyberspace, medical


def review(page, decision: str, comment: str) -> None:
    form = page.locator("#review-form")
    form.get_by_label(decision).check()
    form.get_by_label("Comments, the information needed, or reasons").fill(comment)
    form.get_by_role("button", name="Submit review").click()


def test_check_apply_answer_review_and_download_the_letter_in_english(page, people, tmp_path):
    enterprise, applicant, cyberspace, medical = people
    cyberspace_unit = Unit.objects.get(code="bj-cyberspace")
    medical_unit = Unit.objects.get(code="bj-medical-products")

    # 1. The enterprise finds the green channel, checks eligibility as "other sector", then as pharmaceutical.
    page.goto("/")
    page.get_by_role("button", name="English").click()
    sign_in(page, "kangyuan", "pw-kangyuan-1")
    page.locator("header").get_by_role("link", name="Application types").click()
    expect(page.locator("h1")).to_have_text("Application types")
    page.get_by_role("link", name="Data-export green channel").click()
    expect(page.locator("h1")).to_have_text("Data-export green channel")
    expect(page.locator("section", has_text="Required documents")).to_contain_text("Self-assessment of the export's risks")
    shoot(page, "applications-type")
    page.locator(".title-row").get_by_role("link", name="Apply").click()
    expect(page.locator("h1")).to_have_text("Data-export green channel")
    expect(page.locator("#eligibility h2")).to_contain_text("Cannot be determined yet")

    page.get_by_label("Other sector").check()
    page.get_by_role("button", name="Check eligibility").click()
    eligibility = page.locator("#eligibility")
    expect(eligibility.locator("h2")).to_contain_text("Not eligible")
    expect(eligibility.locator(".citations")).to_contain_text("Measure 3")
    expect(eligibility.locator(".citations")).to_contain_text(CLAUSE_3)
    expect(eligibility.locator(".trace")).to_contain_text("— no")
    shoot(page, "applications-not-eligible")

    page.get_by_label("Other sector").uncheck()
    page.get_by_label("Pharmaceutical").check()
    page.get_by_role("button", name="Check eligibility").click()
    expect(eligibility.locator("h2")).to_contain_text("Likely eligible")
    expect(eligibility.locator(".citations")).to_contain_text(CLAUSE_3)
    expect(page.get_by_label("Pharmaceutical")).to_be_checked()
    shoot(page, "applications-eligibility")
    assert not Application.objects.exists()  # checking saves nothing

    # 2. Submitting without the documents keeps a draft and names what is missing.
    page.get_by_label("Clinical-trial data").check()
    page.get_by_label("Personal information", exact=True).check()
    page.get_by_label("Overseas recipient").fill("Kangyuan Pharma AG, Basel")
    page.get_by_label("Recipient's country or region").select_option("CH")
    page.get_by_label("Expected number of individuals whose data is exported").fill("1200")
    page.get_by_label("Purpose and scope of the export").fill(PURPOSE)
    page.get_by_role("button", name="Submit application").click()
    form_errors = page.locator("form .errors").first
    expect(form_errors).to_contain_text("The draft has been saved but cannot be submitted yet:")
    expect(form_errors).to_contain_text("The following documents are still missing:")
    expect(form_errors).to_contain_text("Self-assessment of the export's risks")
    expect(form_errors).to_contain_text("Legal documents to be agreed with the recipient")
    application = Application.objects.get(enterprise=enterprise)
    assert application.status == Application.Status.DRAFT
    assert not application.steps.exists()
    expect(page.locator("main p.hint").first).to_contain_text(f"Draft {application.number}")
    shoot(page, "applications-missing-documents")

    # A program file and a "PDF" that is not one are refused, each with its own reason.
    page.locator("#id_doc_self-assessment").set_input_files(upload("assessment.exe", "application/octet-stream", b"MZ\x90\x00"))
    page.locator("#id_doc_contract").set_input_files(upload("contract.pdf", "application/pdf", b"just some text"))
    page.get_by_role("button", name="Submit application").click()
    expect(field(page, "id_doc_self-assessment").locator(".errors")).to_have_text(
        "“assessment.exe” is not in an accepted format (pdf, docx)."
    )
    expect(field(page, "id_doc_contract").locator(".errors")).to_have_text(
        "The content of the attachment “contract.pdf” does not match the .pdf format."
    )
    shoot(page, "applications-document-errors")
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not application.documents.exists()

    page.locator("#id_doc_self-assessment").set_input_files(upload("self-assessment.pdf", "application/pdf", PDF))
    page.locator("#id_doc_contract").set_input_files(
        upload("standard-contract.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX)
    )
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".messages")).to_contain_text(f"Application {application.number} submitted.")
    expect(page.locator(".title-row h1")).to_have_text("Data-export green channel")
    expect(page.locator(".title-row .badge")).to_have_text("In review")
    rows = page.locator("#steps tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Filing guidance and review")
    expect(rows.nth(0)).to_contain_text("Beijing Municipal Cyberspace Administration")
    expect(rows.nth(0).locator(".badge")).to_have_text("In review")
    expect(rows.nth(1)).to_contain_text("Opinion of the sector regulator")
    expect(rows.nth(1)).to_contain_text("Beijing Municipal Medical Products Administration")
    expect(rows.nth(1).locator(".badge")).to_have_text("Not started")
    application.refresh_from_db()
    first_step = application.steps.get(order=1)
    expect(rows.nth(0).locator("td").nth(4)).to_have_text(first_step.due_on.isoformat())
    expect(rows.nth(1).locator("td").nth(4)).to_have_text("—")
    expect(page.locator("body")).to_contain_text("self-assessment.pdf")
    expect(page.locator("body")).to_contain_text("standard-contract.docx")
    shoot(page, "applications-submitted")
    assert application.status == Application.Status.IN_REVIEW
    assert application.eligibility["verdict"] == "eligible"
    assert (first_step.unit, first_step.working_days) == (cyberspace_unit, 10)

    # 3. 市委网信办 finds the application in its queue and asks for more information.
    sign_out(page)
    sign_in(page, "cac", "pw-cac-1")
    page.locator("header").get_by_role("link", name="Application reviews").click()
    expect(page.locator("h1")).to_have_text("Applications reviewed by our unit")
    queue = page.locator("section", has=page.locator("h2", has_text="Awaiting action by our unit"))
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue).to_contain_text(NAME_EN)
    shoot(page, "applications-queue")
    queue.get_by_role("link", name=application.number).click()
    expect(page.locator(".title-row .badge")).to_have_text("In review")
    expect(page.locator("#review-form h2")).to_have_text(f"Review ({cyberspace_unit.name_en})")
    page.locator("#review-form").get_by_label("Request more information").check()
    page.locator("#review-form").scroll_into_view_if_needed()
    shoot(page, "applications-review-form")
    review(page, "Request more information", QUESTION)
    expect(page.locator(".title-row .badge")).to_have_text("Awaiting more information")
    expect(rows.nth(0).locator(".badge")).to_have_text("Awaiting the enterprise")
    expect(rows.nth(0)).to_contain_text(QUESTION)
    expect(page.locator("#review-form")).to_have_count(0)
    shoot(page, "applications-info-requested")

    # 4. The enterprise answers with an explanation and a further document.
    sign_out(page)
    sign_in(page, "kangyuan", "pw-kangyuan-1")
    page.locator("nav.tabs").get_by_role("link", name="My applications").click()
    expect(page.locator("h1")).to_have_text("Our applications")
    listed = page.locator("table").last.locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.locator(".badge")).to_have_text("Awaiting more information")
    listed.get_by_role("link", name=application.number).click()
    expect(page.locator(".title-row .badge")).to_have_text("Awaiting more information")
    info = page.locator("#info-form")
    expect(info.locator("h2")).to_have_text("More information")
    expect(info.locator(".notice")).to_have_text(QUESTION)
    info.get_by_label("Explanation").fill(ANSWER)
    info.locator("#id_doc_other").set_input_files(upload("recipient-data-policy.pdf", "application/pdf", PDF))
    info.get_by_role("button", name="Submit more information").click()
    expect(page.locator(".title-row .badge")).to_have_text("In review")
    expect(page.locator("#info-form")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("recipient-data-policy.pdf")
    shoot(page, "applications-info-provided")

    # 5. 市委网信办 passes its step; 市药监局 gives its opinion; the application is approved.
    sign_out(page)
    sign_in(page, "cac", "pw-cac-1", next_url=application.get_absolute_url())
    expect(rows.nth(0)).to_contain_text(ANSWER)
    review(page, "Pass this step", "Filing guidance given; the export can proceed to the sector opinion.")
    expect(rows.nth(0).locator(".badge")).to_have_text("Passed")
    expect(rows.nth(1).locator(".badge")).to_have_text("In review")
    expect(page.locator("#review-form")).to_have_count(0)

    sign_out(page)
    sign_in(page, "nmpa", "pw-nmpa-1")
    page.locator("header").get_by_role("link", name="Application reviews").click()
    page.get_by_role("link", name=application.number).first.click()
    review(page, "Pass this step", "No objection from the sector regulator.")
    expect(page.locator(".title-row .badge")).to_have_text("Approved")
    expect(rows.nth(1).locator(".badge")).to_have_text("Passed")
    shoot(page, "applications-approved")

    # 6. The enterprise downloads the decision letter.
    sign_out(page)
    sign_in(page, "kangyuan", "pw-kangyuan-1", next_url=application.get_absolute_url())
    expect(page.locator(".title-row .badge")).to_have_text("Approved")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download decision letter (.docx)").click()
    assert download.value.suggested_filename == f"{application.number}.docx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    letter = WordDocument(io.BytesIO(saved.read_bytes()))
    text = "\n".join(p.text for p in letter.paragraphs)
    english = text[text.index("Notice of the data-export green-channel decision") :]
    assert NAME_ZH in text and USCC in text
    assert NAME_EN in english and application.number in english
    assert "Basis: " in english and "admitted to the data-export green channel" in english

    # The record: approved after both steps, the request answered, every transition logged.
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_at is not None and application.letter
    steps = list(application.steps.order_by("order"))
    assert [(s.unit, s.status, s.decided_by) for s in steps] == [
        (cyberspace_unit, ReviewStep.Status.PASSED, cyberspace),
        (medical_unit, ReviewStep.Status.PASSED, medical),
    ]
    request = InfoRequest.objects.get(step=steps[0])
    assert (request.question, request.asked_by) == (QUESTION, cyberspace)
    assert (request.answer, request.answered_by) == (ANSWER, applicant)
    assert request.answered_at is not None
    documents = application.documents.filter(replaced=False)
    assert sorted(documents.values_list("document_id", "name")) == [
        ("contract", "standard-contract.docx"),
        ("other", "recipient-data-policy.pdf"),
        ("self-assessment", "self-assessment.pdf"),
    ]
    Kind = ApplicationEvent.Kind
    assert list(application.events.values_list("kind", flat=True)) == [
        Kind.CREATED,
        Kind.SAVED,
        Kind.SUBMITTED,
        Kind.STEP_STARTED,
        Kind.INFO_REQUESTED,
        Kind.INFO_PROVIDED,
        Kind.STEP_STARTED,
        Kind.STEP_PASSED,
        Kind.STEP_STARTED,
        Kind.STEP_PASSED,
        Kind.APPROVED,
    ]
    approved = application.events.get(kind=Kind.APPROVED)
    assert (approved.actor, approved.unit) == (medical, medical_unit)
