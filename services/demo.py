"""Demo enterprises, partners, issues in every state and a past roundtable, for local use (`make run`).

Every enterprise here is fictional and says so: its name carries （演示）, and
`is_demo` marks it on every page that shows it. Unified social credit codes are
made up but carry a correct check character so they pass validation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from directory.demo import demo_account, demo_coordinator, demo_password
from directory.models import Enterprise, EnterpriseContact, EnterpriseMembership, Unit, Zone
from services import steps
from services.models import Issue, IssueEvent, Partner, PartnerContact, Roundtable, RoundtableTopic

ROUNDTABLE_TOPIC = "（演示）2026年第三季度外资企业圆桌会议：数据跨境与人才便利"


@dataclass
class DemoEnterprise:
    key: str
    name: str
    name_en: str
    countries: list[str]
    industry: str
    district: str
    zone: str | None
    verified: bool = True


ENTERPRISES = [
    DemoEnterprise(
        "ent-data",
        "北京示例数据科技有限公司（演示）",
        "Demo Data Technology (Beijing) Co., Ltd. (demo)",
        ["US"],
        "6450",
        "district-haidian",
        "zgc-haidian",
    ),
    DemoEnterprise(
        "ent-pharma",
        "演示医药研发（北京）有限公司（演示）",
        "Demo Pharma R&D (Beijing) Co., Ltd. (demo)",
        ["DE", "CH"],
        "2710",
        "district-daxing",
        None,
    ),
    DemoEnterprise(
        "ent-auto",
        "演示智能制造（北京）有限公司（演示）",
        "Demo Smart Manufacturing (Beijing) Co., Ltd. (demo)",
        ["JP"],
        "3670",
        "district-daxing",
        None,
    ),
    DemoEnterprise(
        "ent-advisory",
        "演示管理咨询（北京）有限公司（演示）",
        "Demo Management Consulting (Beijing) Co., Ltd. (demo)",
        ["HK"],
        "7243",
        "district-chaoyang",
        None,
    ),
    DemoEnterprise(
        "ent-new",
        "演示新设贸易（北京）有限公司（演示）",
        "Demo New Trading (Beijing) Co., Ltd. (demo)",
        ["SG"],
        "5191",
        "district-chaoyang",
        None,
        verified=False,
    ),
]


def demo_uscc(index: int) -> str:
    body = f"91110000MA0{index:06d}"
    return body + uscc.calc_check_digit(body)


@dataclass
class ServicesDemoResult:
    accounts: list[tuple[str, str, str]]
    created: bool


@transaction.atomic
def load_services_demo(today: date | None = None) -> ServicesDemoResult:
    today = today or timezone.localdate()
    accounts: list[tuple[str, str, str]] = []
    if Enterprise.objects.filter(is_demo=True).exists():
        return ServicesDemoResult(accounts, False)
    coordinator = demo_coordinator(accounts)
    units = {u.code: u for u in Unit.objects.all()}
    enterprises = {}
    for i, spec in enumerate(ENTERPRISES, start=1):
        enterprises[spec.key] = _enterprise(i, spec, units, coordinator, accounts)
    officer = {
        code: demo_account(code, demo_password(code), accounts, units[code].name)
        for code in (
            "bj-commerce",
            "bj-public-security",
            "bj-cyberspace",
            "bj-economy-it",
            "bj-medical-products",
            "bj-hrss",
            "cn-comms-beijing",
        )
    }
    for code, user in officer.items():
        user.unit_memberships.get_or_create(unit=units[code])
    _partners(enterprises, units, officer, coordinator, today)
    _issues(enterprises, units, officer, coordinator, today)
    _roundtable(enterprises, units, officer, coordinator, today)
    return ServicesDemoResult(accounts, True)


def _enterprise(index: int, spec: DemoEnterprise, units, coordinator, accounts) -> Enterprise:
    enterprise = Enterprise.objects.create(
        uscc=demo_uscc(index),
        name=spec.name,
        name_en=spec.name_en,
        investor_countries=spec.countries,  # type: ignore[misc]
        industry=spec.industry,
        district=units.get(spec.district),
        zone=Zone.objects.filter(code=spec.zone).first() if spec.zone else None,
        is_demo=True,
        verification=Enterprise.Verification.VERIFIED if spec.verified else Enterprise.Verification.PENDING,
        verified_by=coordinator if spec.verified else None,
        verified_at=timezone.now() if spec.verified else None,
    )
    EnterpriseContact.objects.create(
        enterprise=enterprise, name="（演示）联系人", title="政府事务经理", email=f"{spec.key}@example.com"
    )
    user = demo_account(f"demo-{spec.key}", demo_password(spec.key), accounts, spec.name)
    EnterpriseMembership.objects.get_or_create(user=user, enterprise=enterprise)
    return enterprise


def _partners(enterprises, units, officer, coordinator, today: date) -> None:
    for key, field, criteria in [
        ("ent-pharma", "生物医药", "（演示）创新药研发全球领先，已在京设立研发中心，有意扩大临床研究。"),
        ("ent-auto", "高端制造", "（演示）智能网联汽车零部件领域国际领先，拟在京增资扩产。"),
    ]:
        partner = Partner.objects.create(
            enterprise=enterprises[key],
            focus_field=field,
            criteria=criteria,
            service_unit=units["bj-commerce"],
            service_contact=officer["bj-commerce"],
            enrolled_on=today - timedelta(days=120),
            enrolled_by=coordinator,
        )
        PartnerContact.objects.create(
            partner=partner,
            on=today - timedelta(days=30),
            kind=PartnerContact.Kind.VISIT,
            summary="（演示）走访企业，了解增资计划和用地需求。",
            logged_by=officer["bj-commerce"],
        )


def _raise(enterprise, user, days_ago: int, today: date, **content) -> Issue:
    issue = steps.raise_issue(enterprise, user, content, today=today - timedelta(days=days_ago))
    _backdate(issue, days_ago, today)
    return issue


def _backdate(issue: Issue, days_ago: int, today: date) -> None:
    """Demo history looks lived-in: the issue and its first record dated when it was raised."""
    when = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(10, 0)))
    Issue.objects.filter(pk=issue.pk).update(created_at=when)
    issue.events.filter(kind=IssueEvent.Kind.SUBMITTED).update(at=when)
    issue.refresh_from_db()


def _user(enterprise: Enterprise):
    return enterprise.memberships.first().user  # type: ignore[union-attr]


def _issues(enterprises, units, officer, coordinator, today: date) -> None:
    data, pharma, auto, advisory = (enterprises[k] for k in ("ent-data", "ent-pharma", "ent-auto", "ent-advisory"))
    _raise(
        data,
        _user(data),
        1,
        today,
        category="visas",
        language="en",
        title="Two-year residence permit for our incoming general manager",
        description="Our parent company is sending a senior manager to prepare a new subsidiary in Beijing. Can he and his family get a visa or residence permit valid for two years?",
    )
    idc = _raise(
        data,
        _user(data),
        6,
        today,
        category="market_access",
        title="IDC业务外资股比限制取消后如何申请电信业务经营许可",
        description="我司拟在服务业扩大开放综合示范区开展互联网数据中心（IDC）业务，外资股比限制取消后，申请增值电信业务经营许可需要哪些材料？",
    )
    steps.route(idc, coordinator, units["bj-economy-it"], [units["cn-comms-beijing"]], "（演示）依据措施2分派")
    steps.accept(idc, officer["bj-economy-it"], units["bj-economy-it"])
    data_export = _raise(
        pharma,
        _user(pharma),
        12,
        today,
        category="data_cross_border",
        roundtable_ok=True,
        title="临床试验数据出境申报绿色通道",
        description="我司需要将多中心临床试验数据传输至总部进行统计分析，希望了解医药企业数据出境绿色通道的申报流程和时限。",
    )
    steps.route(data_export, coordinator, units["bj-cyberspace"], [units["bj-medical-products"]])
    steps.answer(
        data_export,
        officer["bj-cyberspace"],
        units["bj-cyberspace"],
        "explained",
        "（演示）已向企业说明数据出境安全评估和标准合同备案的适用情形，并安排专人对接绿色通道申报。",
    )
    bounced = _raise(
        advisory,
        _user(advisory),
        9,
        today,
        category="hr",
        title="外籍专家职业资格认可",
        description="我司外籍合伙人持有英国特许会计师资格，希望了解能否依据境外职业资格认可目录在京执业。",
    )
    steps.route(bounced, coordinator, units["bj-commerce"])
    steps.request_transfer(
        bounced,
        officer["bj-commerce"],
        units["bj-commerce"],
        units["bj-hrss"],
        "（演示）境外职业资格认可目录由市人力资源社会保障局发布。",
    )


def _roundtable(enterprises, units, officer, coordinator, today: date) -> None:
    held = today - timedelta(days=45)
    roundtable = Roundtable.objects.create(
        held_on=held,
        topic=ROUNDTABLE_TOPIC,
        topic_en="(demo) Q3 2026 roundtable with foreign-invested enterprises: cross-border data and talent",
        place="（演示）市商务局会议室",
        host=units["bj-commerce"],
        summary="（演示）市商务局主持，市委网信办、市公安局、市人力资源社会保障局参加，听取企业意见并现场交办。",
        created_by=coordinator,
    )
    roundtable.enterprises.set([enterprises[k] for k in ("ent-data", "ent-pharma", "ent-auto", "ent-advisory")])
    roundtable.units.set([units[c] for c in ("bj-cyberspace", "bj-public-security", "bj-hrss")])
    RoundtableTopic.objects.create(
        roundtable=roundtable,
        enterprise=enterprises["ent-pharma"],
        submitted_by=_user(enterprises["ent-pharma"]),
        text="（演示）医药研发数据出境的办理时限。",
    )
    RoundtableTopic.objects.create(
        roundtable=roundtable,
        enterprise=enterprises["ent-auto"],
        submitted_by=_user(enterprises["ent-auto"]),
        text="（演示）外籍技术专家家属的居留期限。",
    )
    items = [
        (
            "ent-auto",
            "visas",
            "外籍专家随行家属居留期限",
            "企业反映外籍技术专家的配偶和子女居留期限短于专家本人。",
            "bj-public-security",
            "closed",
        ),
        (
            "ent-pharma",
            "data_cross_border",
            "研发数据出境申报辅导",
            "企业希望获得数据出境申报的一对一辅导。",
            "bj-cyberspace",
            "answered",
        ),
        ("ent-advisory", "hr", "境外会计师资格认可", "企业询问境外会计师资格能否纳入认可目录。", "bj-hrss", "in_progress"),
    ]
    for key, category, title, description, unit_code, state in items:
        enterprise = enterprises[key]
        issue = steps.raise_issue(
            enterprise,
            coordinator,
            {"category": category, "title": title, "description": description, "roundtable": roundtable, "roundtable_ok": True},
            today=held,
        )
        _backdate(issue, 45, today)
        steps.route(issue, coordinator, units[unit_code], reason="（演示）圆桌会议纪要事项")
        unit, user = units[unit_code], officer[unit_code]
        steps.accept(issue, user, unit)
        if state in ("answered", "closed"):
            steps.answer(issue, user, unit, "solved", f"（演示）{unit.name}已研究办理并答复企业。")
        if state == "closed":
            steps.confirm(issue, _user(enterprise), 5, "（演示）办理及时，感谢。")
