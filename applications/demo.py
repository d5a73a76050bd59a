"""Demo applications for `make run`: the fictional enterprises of services/demo.py apply, in several states."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from applications import steps
from applications.models import Application, Qualification
from applications.types import get_type
from directory.models import Enterprise, Unit

PDF = b"%PDF-1.4\n% investbj demo document (fictional)\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _officer(code: str):
    return Unit.objects.get(code=code).staff_memberships.select_related("user").first().user  # type: ignore[union-attr]


@transaction.atomic
def load_applications_demo() -> bool:
    """Applications of the demo enterprises in several states, once; False when already there or nobody to apply."""
    if Application.objects.filter(enterprise__is_demo=True).exists():
        return False
    pharma = Enterprise.objects.filter(is_demo=True, name__startswith="演示医药").first()
    data = Enterprise.objects.filter(is_demo=True, name__startswith="北京示例数据").first()
    if pharma is None or data is None:
        return False
    pharma_user, data_user = pharma.memberships.first().user, data.memberships.first().user  # type: ignore[union-attr]

    green = get_type("data-export-green-channel")
    assert green is not None
    green_answers: dict[str, Any] = {
        "sectors": ["pharma"],
        "data_categories": ["clinical"],
        "recipient": "（演示）Demo Pharma AG",
        "recipient_country": "CH",
        "purpose": "（演示）多中心临床试验数据统计分析",
    }
    application = steps.save_draft(
        green,
        pharma,
        pharma_user,
        green_answers,
        {"self-assessment": [_pdf("自评估报告.pdf")], "contract": [_pdf("标准合同.pdf")]},
    )
    steps.submit(green, application, pharma_user)
    steps.request_info(
        application,
        _officer("bj-cyberspace"),
        Unit.objects.get(code="bj-cyberspace"),
        "（演示）请补充境外接收方的数据安全保护能力说明。",
    )

    visa = get_type("manager-visa")
    assert visa is not None
    visa_answers: dict[str, Any] = {
        "manager_name": "（演示）John Doe",
        "nationality": "US",
        "position": "总经理",
        "preparing_branch": True,
        "entity_name": "（演示）示例数据（北京）分公司",
        "term": "2y",
    }
    application = steps.save_draft(
        visa, data, data_user, visa_answers, {"appointment": [_pdf("任职说明.pdf")], "passport": [_pdf("护照.pdf")]}
    )
    steps.submit(visa, application, data_user)
    steps.pass_step(application, _officer("bj-commerce"), Unit.objects.get(code="bj-commerce"), "（演示）筹建情况属实。")
    steps.pass_step(application, _officer("bj-public-security"), Unit.objects.get(code="bj-public-security"), "（演示）同意。")

    qualification = get_type("qualification-recognition")
    entry = Qualification.objects.filter(catalogue__current=True).first()
    if qualification is not None and entry is not None:
        qualification_answers: dict[str, Any] = {
            "holder_name": "（演示）Jane Roe",
            "nationality": "GB",
            "qualification": entry.pk,
            "certificate_number": "DEMO-0001",
        }
        steps.save_draft(qualification, data, data_user, qualification_answers, {})
    return True
