import datetime as dt

import pytest

from inspections import bundles, services
from inspections.forms import ITEM_ROWS
from inspections.models import Inspection, Status

from .conftest import VN, issue_findings

pytestmark = pytest.mark.django_db


def test_the_organisation_sees_an_inspection_only_once_notified(as_user, dpo, inspection):
    client = as_user(dpo)
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 404
    assert inspection.reference not in client.get("/inspections/").content.decode()
    services.inspection_notify(actor=inspection.team.get().user, inspection=inspection)
    page = client.get(f"/inspections/{inspection.pk}/")
    assert page.status_code == 200
    assert inspection.reference in client.get("/inspections/").content.decode()
    assert "Điều 31" in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_another_organisation_gets_404(client, as_user, outsider, notified, who):
    if who == "outsider":
        as_user(outsider)
        response = client.get(f"/inspections/{notified.pk}/")
        assert response.status_code == 404
        assert client.post(f"/inspections/{notified.pk}/bundle/").status_code == 404
    else:
        response = client.get(f"/inspections/{notified.pk}/")
        assert response.status_code == 302


def test_a_viewer_cannot_prepare_the_bundle(as_user, viewer, notified):
    assert as_user(viewer).post(f"/inspections/{notified.pk}/bundle/").status_code == 404


def test_the_agency_pages_are_for_regulators_only(as_user, dpo, inspector, notified):
    assert as_user(dpo).get("/regulator/inspections/").status_code == 404
    assert as_user(dpo).get(f"/regulator/inspections/{notified.pk}/").status_code == 404
    client = as_user(inspector)
    assert client.get("/regulator/inspections/").status_code == 200
    assert client.get(f"/regulator/inspections/{notified.pk}/").status_code == 200


def test_a_regulator_opens_an_inspection_with_the_form(as_user, org, inspector, clock):
    response = as_user(inspector).post(
        "/regulator/inspections/new/",
        {
            "organization": org.pk,
            "kind": "regular",
            "ground": "state_management",
            "contents": ["compliance", "impact_assessment"],
            "decision_number": "45/QĐ-A05",
            "decision_date": "2026-03-01",
            "start_date": "2026-03-20",
            "period_start": "2026-01-01",
            "period_end": "2026-02-28",
            "lead": inspector.pk,
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert inspection.contents == ["compliance", "impact_assessment"]
    assert inspection.team.get().user == inspector


def test_a_refused_form_keeps_what_was_typed(as_user, org, inspector, clock):
    response = as_user(inspector).post(
        "/regulator/inspections/new/",
        {
            "organization": org.pk,
            "kind": "regular",
            "ground": "state_management",
            "contents": ["compliance"],
            "decision_number": "46/QĐ-A05",
            "decision_date": "2026-03-01",
            "start_date": "2026-03-20",
            "period_start": "2026-01-01",
            "period_end": "2026-02-28",
            "unscheduled": "on",
            "lead": inspector.pk,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "46/QĐ-A05" in body
    assert "Chỉ cuộc kiểm tra đột xuất" in body
    assert not Inspection.objects.exists()


def test_the_notice_is_refused_on_the_page_with_the_earliest_day(as_user, org, inspector, clock):
    from .conftest import open_inspection

    early = open_inspection(org, inspector, start_date=dt.date(2026, 3, 10))
    client = as_user(inspector)
    response = client.post(f"/regulator/inspections/{early.pk}/notify/", follow=True)
    assert "17/03/2026" in response.content.decode()
    early.refresh_from_db()
    assert early.status == Status.PLANNED


def test_the_bundle_is_downloaded_by_the_organisation_and_the_team_only(
    client, as_user, dpo, outsider, inspector, other_regulator, notified
):
    bundle = bundles.bundle_request(actor=dpo, inspection=notified)
    bundles.bundle_build(bundle_id=bundle.pk)
    url = f"/inspections/bundles/{bundle.pk}/download/"
    status = as_user(dpo).get(f"/inspections/{notified.pk}/bundle/{bundle.pk}/status/").json()
    assert status["status"] == "ready" and status["download"] == url
    assert as_user(dpo).get(url).status_code == 200
    assert as_user(outsider).get(url).status_code == 404
    # The team gets it once the organisation files it; another regulator never.
    assert as_user(inspector).get(url).status_code == 404
    bundle.refresh_from_db()
    bundles.bundle_file(actor=dpo, bundle=bundle)
    response = as_user(inspector).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert as_user(other_regulator).get(url).status_code == 404
    page = as_user(inspector).get(f"/regulator/inspections/{notified.pk}/").content.decode()
    assert bundle.sha256 in page


def test_the_dpo_marks_an_item_done_from_the_page(as_user, dpo, inspector, notified, clock):
    findings = [{"description": "Thiếu sổ.", "items": [("Lập sổ", 15)]}]
    item = issue_findings(notified, inspector, clock, findings).get()
    response = as_user(dpo).post(
        f"/inspections/{notified.pk}/items/{item.pk}/done/", {"note": "Đã lập sổ."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "submitted"
    response = as_user(inspector).post(
        f"/regulator/inspections/{notified.pk}/items/{item.pk}/accept/"
    )
    item.refresh_from_db()
    assert item.status == "accepted"


def _started_with_items(inspection, inspector, clock, n):
    findings = [
        {
            "description": f"Phát hiện {i}",
            "items": [(f"Biện pháp {i}a", 15), (f"Biện pháp {i}b", 30)],
        }
        for i in range(n)
    ]
    issue_findings(inspection, inspector, clock, findings, conclusion="KL.")


def test_the_pages_cost_the_same_queries_whatever_the_number_of_measures(
    as_user, org, dpo, inspector, clock
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import open_inspection

    counts = []
    for n in (1, 4):
        inspection = open_inspection(org, inspector)
        services.inspection_notify(actor=inspector, inspection=inspection)
        _started_with_items(inspection, inspector, clock, n)
        clock.move_to(dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN))
        for user, url in (
            (dpo, f"/inspections/{inspection.pk}/"),
            (inspector, f"/regulator/inspections/{inspection.pk}/"),
        ):
            client = as_user(user)
            client.get(url)  # warm the session and the caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append((user.username, n, len(queries)))
    by_user = {}
    for username, _n, count in counts:
        by_user.setdefault(username, set()).add(count)
    assert all(len(c) == 1 for c in by_user.values()), counts


def test_an_english_reader_reads_the_inspection_in_english(as_user, dpo, inspector, notified):
    from pdp_portal.accounts.preferences import remember_language

    remember_language(dpo, "en")
    client = as_user(dpo)
    client.cookies["django_language"] = "en"
    body = client.get(f"/inspections/{notified.pk}/").content.decode()
    assert "Inspection team" in body and "Prepare the inspection bundle" in body
    assert "Art. 31(4)" in body
    client.cookies["django_language"] = "en"
    body = as_user(inspector).get("/regulator/inspections/").content.decode()
    assert ">Inspections</a>" in body


def test_the_team_moves_the_start_day_from_the_page(as_user, dpo, inspector, notified):
    client = as_user(inspector)
    url = f"/regulator/inspections/{notified.pk}/reschedule/"
    page = client.get(f"/regulator/inspections/{notified.pk}/").content.decode()
    assert f'action="{url}"' in page
    refused = client.post(url, {"start_date": "2026-03-16", "reason": "Đoàn có việc đột xuất"})
    # Refused on the page, with the earliest day, and what was typed kept.
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "17/03/2026" in body and "Đoàn có việc đột xuất" in body and "2026-03-16" in body
    assert Inspection.objects.get(pk=notified.pk).start_date == dt.date(2026, 3, 17)
    moved = client.post(url, {"start_date": "2026-03-24", "reason": "Đoàn có việc đột xuất"})
    assert moved.status_code == 302
    assert Inspection.objects.get(pk=notified.pk).start_date == dt.date(2026, 3, 24)
    assert as_user(dpo).post(url, {"start_date": "2026-03-30", "reason": "x"}).status_code == 404
    assert as_user(dpo).get(f"/inspections/{notified.pk}/").content.decode().count("24/03/2026")


def _said(response):
    return [str(m) for m in response.context["messages"]]


def test_a_finding_is_refused_before_the_inspection_starts_and_checked_first(
    as_user, inspector, notified
):
    client = as_user(inspector)
    url = f"/regulator/inspections/{notified.pk}/findings/"
    back = f"/regulator/inspections/{notified.pk}/#findings"
    # The form is checked first: nothing written, the field's error is the page's message.
    response = client.post(url, {"description": ""}, follow=True)
    assert response.redirect_chain[0][0] == back
    assert len(_said(response)) == 1 and notified.findings.count() == 0
    # A valid one that the inspection's state refuses: the reason, no error page.
    periods = {f"period_{n}": "30" for n in range(1, ITEM_ROWS + 1)}
    response = client.post(url, {"description": "Thiếu sổ.", **periods}, follow=True)
    assert response.redirect_chain[0][0] == back
    assert _said(response) == ["Chỉ ghi nhận phát hiện khi đang kiểm tra hoặc sau khi có kết luận."]
    assert notified.findings.count() == 0


def test_an_item_reported_without_a_note_is_not_submitted(as_user, dpo, inspector, notified, clock):
    findings = [{"description": "Thiếu sổ.", "items": [("Lập sổ", 15)]}]
    item = issue_findings(notified, inspector, clock, findings).get()
    response = as_user(dpo).post(
        f"/inspections/{notified.pk}/items/{item.pk}/done/", {"note": ""}, follow=True
    )
    assert response.redirect_chain[0][0] == f"/inspections/{notified.pk}/#item-{item.pk}"
    assert len(_said(response)) == 1
    item.refresh_from_db()
    assert item.status != "submitted"
