"""One shape for uploaded files, and the field every attachment form uses."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.forms import AttachmentsField
from services.models import IssueAttachment

PDF = b"%PDF-1.4\n%test\n"


def test_the_field_takes_several_files():
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    assert [f.name for f in AttachmentsField().clean(files)] == ["a.pdf", "b.pdf"]


def test_the_field_is_optional():
    assert AttachmentsField().clean([]) == []


def test_a_renamed_file_is_refused_by_its_content():
    with pytest.raises(Exception, match="格式不符"):
        AttachmentsField().clean([SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")])


def test_the_limit_comes_from_the_named_setting(settings):
    settings.TRACKING_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(Exception, match="超过"):
        AttachmentsField(limit_setting="TRACKING_MAX_ATTACHMENT_BYTES").clean([SimpleUploadedFile("a.pdf", PDF)])


@pytest.mark.django_db
def test_a_stored_file_keeps_its_name_size_and_type(own_media, firm_a, enterprise_a):
    from services import steps
    from services.tests.conftest import VISA_ISSUE

    issue = steps.raise_issue(firm_a, enterprise_a, dict(VISA_ISSUE))
    stored = IssueAttachment.store(SimpleUploadedFile("scan.pdf", PDF, "application/pdf"), enterprise_a, issue=issue)
    assert (stored.name, stored.size, stored.content_type) == ("scan.pdf", len(PDF), "application/pdf")
