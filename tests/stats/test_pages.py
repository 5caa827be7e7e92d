"""The statistics pages: figures from real data, scoped to what the reader may see; exports."""

import io
import json
import re

import pytest
from django.urls import reverse

from pdp_portal.stats.registry import HOURS, STAFF, Column, figures_for
from pdp_portal.stats.tables import cell
from subjects_rights.models import RequestType
from tests.reader_language import browser, leaks

from .conftest import PERIOD, answered_request, notified_breach, reviewed_dossier

pytestmark = pytest.mark.django_db


def chart(response, key):
    """Return the chart data the page hands to stats.js for figure ``key``."""
    html = response.content.decode()
    found = re.search(
        rf'<script id="{re.escape(key)}" type="application/json">(.*?)</script>', html
    )
    assert found, f"no chart data for {key}"
    return json.loads(found.group(1))


def series(data, label):
    return next(d["data"] for d in data["datasets"] if d["label"] == label)


@pytest.fixture
def data(org, other_org, dpo, outsider):
    answered_request(org, dpo, request_type="access", hours=5)
    answered_request(org, dpo, request_type="access", hours=3)
    answered_request(org, dpo, request_type="erase", received="2026-04-06 10:00", hours=2)
    answered_request(other_org, outsider, request_type="object", hours=1)
    notified_breach(org, dpo, hours=2, severity="high")
    notified_breach(org, dpo, hours=80, severity="high")
    notified_breach(org, dpo, severity="low")  # not notified yet: a draft for the agency
    notified_breach(other_org, outsider, hours=90, severity="critical")
    notified_breach(other_org, outsider, hours=100, severity="critical")
    reviewed_dossier(org, days=4)
    reviewed_dossier(other_org, days=10, accept=False)


@pytest.mark.parametrize(
    "name", ["stats:page", "stats:csv", "stats:xlsx", "stats_regulator:page", "stats_regulator:csv"]
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name", ["stats_regulator:page", "stats_regulator:csv", "stats_regulator:xlsx"]
)
def test_the_agency_page_is_not_found_for_an_organisation(as_user, dpo, name):
    assert as_user(dpo).get(reverse(name)).status_code == 404


def test_the_staff_charts_show_the_requests_of_the_readers_organisation(as_user, dpo, data):
    response = as_user(dpo).get(reverse("stats:page") + "?" + PERIOD)
    assert response.status_code == 200
    by_month = chart(response, "rights.by_month")
    assert by_month["labels"] == ["03/2026", "04/2026"]
    assert series(by_month, "Xem dữ liệu") == [2, 0]
    assert series(by_month, "Xóa dữ liệu") == [0, 1]
    # The other organisation's objection is not counted.
    assert series(by_month, "Phản đối xử lý dữ liệu") == [0, 0]
    waited = chart(response, "rights.response_time")
    assert waited["labels"] == ["Xem dữ liệu", "Xóa dữ liệu"]
    assert series(waited, "Trung bình (giờ)") == [4.0, 2.0]
    assert series(waited, "Trung vị (giờ)") == [4.0, 2.0]
    html = response.content.decode()
    assert "Công ty Cổ phần Sông Hồng" not in html


def test_the_breach_figures_count_the_72_hours(as_user, dpo, data):
    response = as_user(dpo).get(reverse("stats:page") + "?" + PERIOD)
    severity = chart(response, "breaches.by_severity")
    assert severity["labels"] == ["Thấp", "Cao"]
    assert series(severity, "Số vi phạm") == [1, 2]
    notify = chart(response, "breaches.notify_time")
    assert notify["labels"] == ["Cao"]
    assert series(notify, "Trung bình (giờ)") == [41.0]
    rows = {r.figure.key: r.rows for r in response.context["figures"]}
    # severity, notified, within, late, average, median
    assert rows["breaches.notify_time"] == [["Cao", 2, 1, 1, 41.0, 41.0]]
    # The agency's list of repeated late notifiers is not on the organisation's page.
    assert "breaches.repeat_late" not in rows
    assert rows["dossiers.review_time"][0][1:] == [1, 1, 0, 4.0, 4.0]


def test_the_deadlines_figure_reads_the_clock(as_user, dpo, data):
    response = as_user(dpo).get(reverse("stats:page") + "?" + PERIOD)
    rows = {r.figure.key: r.rows for r in response.context["figures"]}["clock.by_rule"]
    respond = next(row for row in rows if row[0].startswith("rights.respond"))
    # rule, on time, met late, missed, running
    assert respond[1:] == [3, 0, 0, 0]


def test_another_organisation_cannot_be_chosen(as_user, dpo, other_org, data):
    url = reverse("stats:page") + f"?organization={other_org.pk}&{PERIOD}"
    response = as_user(dpo).get(url)
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert series(chart(response, "rights.by_month"), "Phản đối xử lý dữ liệu") == [0, 0]
    assert "Công ty Cổ phần Sông Hồng" not in response.content.decode()


def test_the_period_filter_leaves_out_what_is_outside_it(as_user, dpo, data):
    response = as_user(dpo).get(reverse("stats:page") + "?start=2026-04-01&end=2026-04-30")
    assert chart(response, "rights.by_month")["labels"] == ["04/2026"]
    rows = {r.figure.key: r.rows for r in response.context["figures"]}
    assert rows["breaches.by_severity"] == []


def test_a_reversed_period_is_refused_with_the_dates_kept(as_user, dpo, data):
    response = as_user(dpo).get(reverse("stats:page") + "?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in html
    assert 'value="2026-05-01"' in html and 'value="2026-04-01"' in html


def test_the_agency_sees_all_organisations_but_no_draft(regulator_client, data, other_org):
    response = regulator_client.get(reverse("stats_regulator:page") + "?" + PERIOD)
    assert response.status_code == 200
    by_month = chart(response, "rights.by_month")
    assert series(by_month, "Phản đối xử lý dữ liệu") == [1, 0]
    rows = {r.figure.key: r.rows for r in response.context["figures"]}
    # The low-severity breach was never notified: the agency does not count it.
    assert [row[0] for row in rows["breaches.by_severity"]] == ["Cao", "Nghiêm trọng"]
    # Sông Hồng notified late twice; Hoa Sen once (not "repeated").
    assert rows["breaches.repeat_late"] == [["Công ty Cổ phần Sông Hồng", 2, 2]]
    assert chart(response, "breaches.repeat_late")["labels"] == ["Công ty Cổ phần Sông Hồng"]
    assert [row[1:4] for row in rows["dossiers.review_time"]] == [[2, 1, 1]]


def test_the_agency_can_look_at_one_organisation(regulator_client, data, org):
    url = reverse("stats_regulator:page") + f"?organization={org.pk}&{PERIOD}"
    rows = {r.figure.key: r.rows for r in regulator_client.get(url).context["figures"]}
    assert rows["breaches.repeat_late"] == []
    assert [row[-1] for row in rows["rights.by_month"]] == [2, 1]


# March 2026 of the fixture data: two access requests, one column per request type, then the total.
MARCH = (*(2 if t == RequestType.ACCESS else 0 for t in RequestType.values), 2)


def test_the_csv_has_every_figure_and_a_dated_name(as_user, dpo, data):
    response = as_user(dpo).get(reverse("stats:csv") + "?" + PERIOD)
    assert response.status_code == 200
    assert re.search(r'filename="thong-ke-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    text = response.content.decode("utf-8-sig")
    assert "Yêu cầu theo loại và tháng tiếp nhận" in text
    assert "Thời gian thông báo vi phạm cho cơ quan chuyên trách" in text
    assert "03/2026," + ",".join(map(str, MARCH)) in text
    assert "Cao,2,1,1,41.0,41.0" in text
    assert "Sông Hồng" not in text


def test_the_xlsx_has_one_sheet_per_figure(as_user, dpo, data):
    from openpyxl import load_workbook

    response = as_user(dpo).get(reverse("stats:xlsx") + "?" + PERIOD)
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == len(figures_for(STAFF))
    sheet = book[book.sheetnames[0]]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Yêu cầu theo loại và tháng tiếp nhận"
    assert ("03/2026", *MARCH) in values


def test_the_agency_csv_names_the_late_notifier(regulator_client, data):
    text = regulator_client.get(reverse("stats_regulator:csv") + "?" + PERIOD).content.decode(
        "utf-8-sig"
    )
    assert "Công ty Cổ phần Sông Hồng,2,2" in text


# What people wrote stays as written: organisation names, the reader's own name.
ORG_NAMES = re.compile(r"Công ty (TNHH Hoa Sen|Cổ phần Sông Hồng)|Lan Nguyễn")


def test_the_page_reads_in_english(dpo, data):
    response = browser(dpo, "en").get(reverse("stats:page") + "?" + PERIOD)
    html = response.content.decode()
    assert series(chart(response, "rights.by_month"), "Access data") == [2, 0]
    assert chart(response, "breaches.notify_time")["labels"] == ["High"]
    assert leaks(html, [ORG_NAMES]) == []
    text = browser(dpo, "en").get(reverse("stats:csv") + "?" + PERIOD).content.decode("utf-8-sig")
    assert leaks(text.replace(",", "<br>"), [ORG_NAMES]) == []


def test_the_old_request_statistics_address_leads_to_the_page(as_user, dpo, org):
    response = as_user(dpo).get(reverse("subjects_rights:stats") + f"?organization={org.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse("stats:page") + f"?organization={org.pk}"


def test_durations_are_shown_in_hours():
    import datetime as dt

    assert cell(Column("x", "x", HOURS), dt.timedelta(hours=41, minutes=6)) == 41.1


def test_the_inputs_show_the_default_period(as_user, dpo):
    import time_machine

    from .conftest import at

    with time_machine.travel(at("2026-12-06 01:00"), tick=False):
        html = as_user(dpo).get(reverse("stats:page")).content.decode()
    # The last twelve months, in Vietnam time: 01:00 on the 6th is still the 5th in UTC.
    assert 'value="2026-01-01"' in html and 'value="2026-12-06"' in html
    assert "Từ 01/01/2026 đến 06/12/2026 (giờ Việt Nam)" in html
