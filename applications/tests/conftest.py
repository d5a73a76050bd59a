"""Personas for applications: a pharmaceutical FIE (A) and another enterprise (B), officers of the reviewing
units, an officer of an uninvolved unit, and a coordinator. Documents are tiny but real by their first bytes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cn import uscc

from applications import steps
from applications.catalogue import load_sample
from applications.models import Application
from applications.types import get_type
from directory.models import Enterprise, EnterpriseMembership, Unit, UnitMembership

SUBMITTED_ON = date(2026, 11, 25)


def enterprise(name: str, serial: int, district: str = "district-daxing") -> Enterprise:
    body = f"91110115MA0{serial:06d}"
    return Enterprise.objects.create(
        uscc=body + uscc.calc_check_digit(body),
        name=name,
        name_en=f"{name} Co., Ltd.",
        investor_countries=["DE"],  # type: ignore[misc]
        industry="2710",
        district=Unit.objects.get(code=district),
        verification=Enterprise.Verification.VERIFIED,
    )


def user_for(django_user_model, username: str, *, enterprise=None, unit_code: str | None = None):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1", email=f"{username}@example.com")
    if enterprise is not None:
        EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    if unit_code is not None:
        UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
    return user


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def pdf(name: str = "doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def docx(name: str = "doc.docx") -> SimpleUploadedFile:
    from corpus.tests.documents import as_docx

    return SimpleUploadedFile(
        name, as_docx("合同"), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def png(name: str = "doc.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\nxx", content_type="image/png")


@pytest.fixture
def ent_a():
    return enterprise("甲医药", 1)


@pytest.fixture
def ent_b():
    return enterprise("乙公司", 2, district="district-chaoyang")


@pytest.fixture
def alice(django_user_model, ent_a):
    return user_for(django_user_model, "alice", enterprise=ent_a)


@pytest.fixture
def bob(django_user_model, ent_b):
    return user_for(django_user_model, "bob", enterprise=ent_b)


@pytest.fixture
def cyber(django_user_model):
    return user_for(django_user_model, "cyber", unit_code="bj-cyberspace")


@pytest.fixture
def drugs(django_user_model):
    return user_for(django_user_model, "drugs", unit_code="bj-medical-products")


@pytest.fixture
def health(django_user_model):
    return user_for(django_user_model, "health", unit_code="bj-health")


@pytest.fixture
def catalogue():
    load_sample()


GREEN_ANSWERS = {
    "sectors": ["pharma"],
    "data_categories": ["clinical"],
    "recipient": "Pharma AG",
    "recipient_country": "CH",
    "purpose": "多中心临床试验数据统计分析",
}


@pytest.fixture
def green_submitted(alice, ent_a) -> Application:
    """Enterprise A's green-channel application, submitted on SUBMITTED_ON; 市委网信办 reviews first."""
    app_type = get_type("data-export-green-channel")
    assert app_type is not None
    application = steps.save_draft(
        app_type, ent_a, alice, dict(GREEN_ANSWERS), {"self-assessment": [pdf()], "contract": [docx()]}
    )
    return steps.submit(app_type, application, alice, today=SUBMITTED_ON)
