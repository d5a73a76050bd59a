"""The statistics, flags and feeds pages: who may use them, that figures change when a report is accepted,
that department deliveries are all-or-nothing, and that a reviewer's resolution survives the next run."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from reporting.models import Feed, Flag

pytestmark = pytest.mark.django_db

FX_HEADER = "uscc,date,direction,amount,currency\n"


def fx_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("fx.csv", (FX_HEADER + "\n".join(rows) + "\n").encode())


def test_statistics_follow_acceptance(client, submitted, chaoyang, city, coordinator):
    from reporting import intake

    client.force_login(coordinator)
    page = client.get("/reporting/statistics/")
    assert page.status_code == 200 and page.context["rows"] == []
    intake.review(submitted, chaoyang, "district", accept=True)
    intake.review(submitted, city, "city", accept=True)
    rows = [row for row, _label in client.get("/reporting/statistics/").context["rows"]]
    # The fixture's payments: 6,000,000 + 4,000,000 USD in 2025.
    assert [(r.period, r.fdi_usd) for r in rows] == [("2025", 10_000_000.0)]


def test_statistics_by_country_drill_down_and_excel(client, accepted, coordinator):
    client.force_login(coordinator)
    page = client.get("/reporting/statistics/?dimension=country&grain=quarter")
    assert {(r.period, r.key, r.fdi_usd) for r, _l in page.context["rows"]} == {
        ("2025-Q1", "HK", 6_000_000.0),
        ("2025-Q2", "DE", 4_000_000.0),
    }
    assert 'id="chart-data"' in page.content.decode() and "reporting/vendor/chart.umd.min.js" in page.content.decode()
    behind = client.get("/reporting/statistics/behind/?dimension=country&grain=quarter&key=HK&period=2025-Q1")
    assert list(behind.context["reports"]) == [accepted]
    sheet = load_workbook(
        io.BytesIO(client.get("/reporting/statistics/?dimension=country&grain=quarter&format=xlsx").content)
    ).active
    assert [row[:4] for row in sheet.iter_rows(min_row=2, max_row=3, values_only=True)] == [
        ("2025-Q1", "HK", "中国香港", 6_000_000.0),
        ("2025-Q2", "DE", "德国", 4_000_000.0),
    ]


def test_the_chart_draws_the_largest_groups_and_the_excel_keeps_names_as_text():
    from reporting.exports import statistics_workbook
    from reporting.statistics import Row
    from reporting.views import CHART_SERIES, _chart

    rows = [Row("2025", f"k{i:02d}", float(i), 0, None, None) for i in range(20)]
    chart = _chart(rows, str.upper)
    assert [s["label"] for s in chart["series"]] == [f"K{i:02d}" for i in range(19, 19 - CHART_SERIES, -1)]
    with_early_fie = [Row("2019", "k01", 0.0, 1, None, None), *rows]
    assert _chart(with_early_fie, str.upper)["labels"] == ["2025"]
    book = load_workbook(io.BytesIO(statistics_workbook(rows[:1], "zone", "year", lambda key: "=HYPERLINK(1)")))
    cell = book.active["C2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_statistics_are_for_officials_with_a_review_role(client, alice, django_user_model):
    from .conftest import person

    for user in (alice, person(django_user_model, "clerk", unit_code="bj-health")):
        client.force_login(user)
        assert client.get("/reporting/statistics/").status_code == 403
        assert client.get("/reporting/flags/").status_code == 403


def test_odd_statistics_parameters_fall_back(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/reporting/statistics/?dimension=planet&grain=decade").status_code == 200


def test_the_fx_bureau_delivers_a_feed_and_a_bad_row_refuses_the_whole_file(client, safe_officer, ent_a):
    client.force_login(safe_officer)
    bad = client.post(
        "/reporting/feeds/",
        {
            "kind": "fx",
            "file": fx_file(f"{ent_a.uscc},2025-03-01,inflow,6000000,USD", "91110105MA0000999X,2025-03-02,inflow,-5,USD"),
        },
    )
    assert bad.status_code == 400 and "第3行" in bad.content.decode()
    assert not Feed.objects.exists()
    good = client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(f"{ent_a.uscc},2025-03-01,inflow,6000000,USD")})
    assert good.status_code == 302
    assert Feed.objects.get().version == 1 and Feed.objects.get().rows == 1
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(f"{ent_a.uscc},2025-04-15,inflow,4000000,USD")})
    assert list(Feed.objects.order_by("version").values_list("version", flat=True)) == [1, 2]


def test_only_the_department_delivers_its_kind(client, safe_officer, chaoyang):
    client.force_login(safe_officer)
    assert client.post("/reporting/feeds/", {"kind": "registration", "file": fx_file()}).status_code == 400
    client.force_login(chaoyang)
    assert client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file()}).status_code == 403


def test_checks_run_from_the_page_and_a_resolution_survives_the_next_run(client, accepted, safe_officer, city, ent_a, chaoyang):
    client.force_login(safe_officer)
    # The FX bureau saw 9,000,000 where the report says 6,000,000 + 4,000,000.
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(f"{ent_a.uscc},2025-03-01,inflow,9000000,USD")})
    client.force_login(city)
    client.post("/reporting/flags/run/")
    flag = Flag.objects.get(check_id="paid_in_vs_inflow")
    assert flag.uscc == ent_a.uscc and flag.numbers == {"paid": 10_000_000.0, "inflow": 9_000_000.0, "currency": "USD"}
    assert client.post(f"/reporting/flags/{flag.pk}/resolve/", {"resolution": "explained", "note": ""}).status_code == 302
    flag.refresh_from_db()
    assert flag.resolution == Flag.Resolution.OPEN  # a resolution needs a note
    client.post(f"/reporting/flags/{flag.pk}/resolve/", {"resolution": "explained", "note": "第二笔出资经境外银行延迟入账"})
    client.post("/reporting/flags/run/")
    flag.refresh_from_db()
    assert flag.resolution == Flag.Resolution.EXPLAINED and Flag.objects.count() == 1
    client.force_login(chaoyang)
    assert flag.uscc in client.get("/reporting/flags/?resolution=explained").content.decode()


def test_district_reviewers_see_only_their_districts_flags(client, haidian):
    Flag.objects.create(check_id="benford", key="benford:district:district-chaoyang", district="district-chaoyang", reason="x")
    client.force_login(haidian)
    assert "district-chaoyang" not in client.get("/reporting/flags/?resolution=open").content.decode()
    assert (
        client.post(f"/reporting/flags/{Flag.objects.get().pk}/resolve/", {"resolution": "false_alarm", "note": "y"}).status_code
        == 404
    )


def test_confirmed_leads_count_in_the_statistics(client, coordinator, safe_officer):
    client.force_login(safe_officer)
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file("91110000600037341L,2025-05-01,inflow,500000,USD")})
    client.force_login(coordinator)
    client.post("/reporting/flags/run/")
    lead = Flag.objects.get(check_id="inflow_without_report")
    client.post(f"/reporting/flags/{lead.pk}/resolve/", {"resolution": "confirmed", "note": "已与企业核实为外资到位"})
    rows = [row for row, _label in client.get("/reporting/statistics/").context["rows"]]
    assert [(r.period, r.fdi_usd) for r in rows] == [("2025", 500_000.0)]


def test_feeds_and_statistics_through_the_api(client, safe_officer, accepted, coordinator, alice, ent_a):
    client.force_login(safe_officer)
    bad = client.post("/api/reporting/feeds/fx", {"file": fx_file(f"{ent_a.uscc},2025-13-01,inflow,1,USD")})
    assert bad.status_code == 400 and bad.json()["problems"][0].startswith("第2行，date：不是有效日期")
    good = client.post("/api/reporting/feeds/fx", {"file": fx_file(f"{ent_a.uscc},2025-03-01,inflow,6000000,USD")})
    assert good.status_code == 201 and good.json()["version"] == 1
    assert client.post("/api/reporting/feeds/registration", {"file": fx_file()}).status_code == 403
    client.force_login(alice)
    assert client.get("/api/reporting/statistics").status_code == 403
    client.force_login(coordinator)
    rows = client.get("/api/reporting/statistics?dimension=country").json()
    assert {(r["period"], r["key"], r["fdi_usd"]) for r in rows} == {("2025", "HK", 6_000_000.0), ("2025", "DE", 4_000_000.0)}
    assert client.get("/api/reporting/statistics?dimension=planet").status_code == 422


def test_only_the_city_level_confirms_a_lead(client, haidian, safe_officer, city):
    client.force_login(safe_officer)
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file("91110000600037341L,2025-05-01,inflow,500000,USD")})
    lead = Flag.objects.create(
        check_id="inflow_without_report", key="lead:x", district="district-haidian", reason="x", numbers={}
    )
    client.force_login(haidian)
    response = client.post(f"/reporting/flags/{lead.pk}/resolve/", {"resolution": "confirmed", "note": "核实"})
    lead.refresh_from_db()
    assert response.status_code == 403 and lead.resolution == Flag.Resolution.OPEN
    client.force_login(city)
    client.post(f"/reporting/flags/{lead.pk}/resolve/", {"resolution": "confirmed", "note": "核实"})
    lead.refresh_from_db()
    assert lead.resolution == Flag.Resolution.CONFIRMED


def test_a_re_sent_fx_file_adds_only_rows_not_delivered_before(client, safe_officer, ent_a):
    from reporting.columnar import connect

    client.force_login(safe_officer)
    twice_on_one_day = [f"{ent_a.uscc},2025-03-01,inflow,1000000,USD"] * 2
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(*twice_on_one_day)})
    response = client.post(
        "/reporting/feeds/",
        {"kind": "fx", "file": fx_file(*twice_on_one_day, f"{ent_a.uscc},2025-04-01,inflow,5,USD")},
        follow=True,
    )
    assert "另有 2 行与此前报送的数据相同，未重复计入" in response.content.decode()
    second = Feed.objects.get(kind="fx", version=2)
    assert (second.rows, second.repeated_rows) == (1, 2)
    with connect() as con:
        # Two equal payments on one day stay two; the re-sent pair is not added again.
        assert con.execute("SELECT count(*), sum(amount) FROM fx").fetchone() == (3, 2_000_005.0)


def test_registration_rows_need_a_known_district_and_get_a_canonical_industry(client, django_user_model, ent_a):
    from reporting.columnar import connect

    from .conftest import person

    officer = person(django_user_model, "samr", unit_code="bj-market-regulation", perm="upload_feed")
    client.force_login(officer)
    header = "uscc,name,registered_capital,currency,industry,district,registered_on\n"
    bad = SimpleUploadedFile("r.csv", (header + f"{ent_a.uscc},甲,100,USD,I6450,朝阳区,2020-01-01\n").encode())
    response = client.post("/reporting/feeds/", {"kind": "registration", "file": bad})
    assert response.status_code == 400 and "第2行，district：不是区的代码" in response.content.decode()
    good = SimpleUploadedFile("r.csv", (header + f"{ent_a.uscc},甲,100,USD,I6450,district-chaoyang,2020-01-01\n").encode())
    assert client.post("/reporting/feeds/", {"kind": "registration", "file": good}).status_code == 302
    with connect() as con:
        assert con.execute("SELECT industry FROM registration").fetchone() == ("6450",)


def test_flags_the_latest_run_no_longer_finds_turn_inactive_and_leave_the_default_list(client, coordinator):
    from reporting.checks import Finding, flag_key, store_flags

    long_name = "甲" * 300
    first = {
        "duplicate_report": [
            Finding("duplicate_report", f"near_duplicate:{long_name}:2025", "x"),
            Finding("duplicate_report", f"near_duplicate:{long_name}:2025", "the same key twice"),
        ],
        "sudden_jump": [Finding("sudden_jump", "sudden_jump:A:2025", "y", uscc="A")],
    }
    assert store_flags(first) == (2, 0)
    long_flag = Flag.objects.get(check_id="duplicate_report")
    assert len(long_flag.key) <= 200 and long_flag.key == flag_key(f"near_duplicate:{long_name}:2025")
    seen = long_flag.last_seen
    assert store_flags({"duplicate_report": first["duplicate_report"], "sudden_jump": []}) == (0, 1)
    long_flag.refresh_from_db()
    jump = Flag.objects.get(check_id="sudden_jump")
    assert long_flag.active and long_flag.last_seen > seen and not jump.active
    client.force_login(coordinator)
    assert jump.key not in [f.key for f, _spec in client.get("/reporting/flags/?resolution=open").context["flags"]]
    listed = [f.key for f, _spec in client.get("/reporting/flags/?resolution=open&inactive=1").context["flags"]]
    assert jump.key in listed
    store_flags({"sudden_jump": first["sudden_jump"]})
    jump.refresh_from_db()
    assert jump.active


def test_an_fx_row_with_a_customs_direction_is_refused(client, safe_officer, ent_a):
    client.force_login(safe_officer)
    response = client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(f"{ent_a.uscc},2025-03-01,import,5,USD")})
    assert response.status_code == 400 and "第2行，direction：应为 inflow / outflow" in response.content.decode()
    assert not Feed.objects.exists()


def _confirmed_lead(client, safe_officer, coordinator, *rows: str) -> Flag:
    client.force_login(safe_officer)
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(*rows)})
    client.force_login(coordinator)
    client.post("/reporting/flags/run/")
    lead = Flag.objects.get(check_id="inflow_without_report")
    client.post(f"/reporting/flags/{lead.pk}/resolve/", {"resolution": "confirmed", "note": "已核实"})
    lead.refresh_from_db()
    return lead


def test_a_district_reviewer_cannot_take_a_confirmed_lead_out_of_the_statistics(client, coordinator, safe_officer, haidian):
    lead = _confirmed_lead(client, safe_officer, coordinator, "91110000600037341L,2025-05-01,inflow,500000,USD")
    Flag.objects.filter(pk=lead.pk).update(district="district-haidian")
    client.force_login(haidian)
    response = client.post(f"/reporting/flags/{lead.pk}/resolve/", {"resolution": "false_alarm", "note": "不是外资"})
    lead.refresh_from_db()
    assert response.status_code == 403 and lead.resolution == Flag.Resolution.CONFIRMED


def test_a_confirmed_lead_counts_what_was_confirmed_and_reopens_when_the_figures_change(client, coordinator, safe_officer):
    lead = _confirmed_lead(client, safe_officer, coordinator, "91110000600037341L,2025-05-01,inflow,500000,USD")
    assert lead.resolved_numbers["inflow"] == 500_000.0
    client.force_login(safe_officer)
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file("91110000600037341L,2025-08-01,inflow,9500000,USD")})
    client.force_login(coordinator)
    client.post("/reporting/flags/run/")
    lead.refresh_from_db()
    # Ten million nobody reviewed does not enter the statistics: the lead waits for a new confirmation.
    assert lead.resolution == Flag.Resolution.OPEN and lead.numbers["inflow"] == 10_000_000.0
    assert [row for row, _label in client.get("/reporting/statistics/").context["rows"]] == []
    page = client.get("/reporting/flags/?resolution=open").content.decode()
    assert "核实后数据有变化，需重新核实" in page


def test_a_flag_stored_under_the_old_key_keeps_its_resolution(coordinator):
    from reporting.checks import Finding, store_flags

    old = Flag.objects.create(
        check_id="duplicate_report", key="near_duplicate:甲公司:2025", reason="x", resolution=Flag.Resolution.FALSE_ALARM,
        resolution_note="两家关联企业，名称相同属实",
    )  # fmt: skip
    store_flags({"duplicate_report": [Finding("duplicate_report", "near_duplicate:甲公司:10000000.00:2025", "y")]})
    old.refresh_from_db()
    assert old.key == "near_duplicate:甲公司:10000000.00:2025" and old.resolution == Flag.Resolution.FALSE_ALARM
    assert Flag.objects.count() == 1


def test_a_version_file_left_by_a_crashed_delivery_is_moved_aside_not_counted(client, safe_officer, ent_a):
    import pyarrow as pa

    from reporting.columnar import FX_SCHEMA, connect, store_dir, write_atomically

    orphan = store_dir() / "feeds" / "fx" / "v000001.parquet"
    row = {
        "uscc": ent_a.uscc,
        "date": __import__("datetime").date(2025, 3, 1),
        "direction": "inflow",
        "amount": 7.0,
        "currency": "USD",
    }
    write_atomically(pa.Table.from_pylist([row], schema=FX_SCHEMA), orphan)
    client.force_login(safe_officer)
    client.post("/reporting/feeds/", {"kind": "fx", "file": fx_file(f"{ent_a.uscc},2025-03-01,inflow,7,USD")})
    feed = Feed.objects.get()
    assert (feed.version, feed.rows, feed.repeated_rows) == (1, 1, 0)  # the orphan was not "delivered before"
    assert list((store_dir() / "feeds" / "fx").glob(".orphan-*"))
    with connect() as con:
        assert con.execute("SELECT count(*) FROM fx").fetchone()[0] == 1


def test_a_registration_delivery_names_each_enterprise_once(client, django_user_model, ent_a):
    from .conftest import person

    client.force_login(person(django_user_model, "samr2", unit_code="bj-market-regulation", perm="upload_feed"))
    header = "uscc,name,registered_capital,currency,industry,district,registered_on\n"
    line = f"{ent_a.uscc},甲,100,USD,6450,district-chaoyang,2020-01-01\n"
    response = client.post(
        "/reporting/feeds/", {"kind": "registration", "file": SimpleUploadedFile("r.csv", (header + line * 2).encode())}
    )
    assert response.status_code == 400 and "与第2行重复" in response.content.decode() and not Feed.objects.exists()
