"""The agency's workspace at /regulator/: one list of every kind, filters, bulk assignment, a
constant number of queries, the filing pages and the organisation page."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from pdp_portal.filings.models import Filing
from tests.conftest import login
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def refs(response) -> set[str]:
    return {f.reference for f in response.context["rows"]}


def filing_of(obj) -> Filing:
    return Filing.objects.get(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def test_anonymous_goes_to_login_and_organisation_staff_get_404(
    client, as_user, dpo, outsider, three
):
    org_page = reverse("regulator:organization", args=[three[0].organization_id])
    urls = [
        reverse("regulator:inbox"),
        org_page,
        reverse("regulator:filing", args=[filing_of(three[0]).pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    for person in (dpo, outsider):
        c = as_user(person)
        for url in urls:
            assert c.get(url).status_code == 404
        response = c.post(
            reverse("regulator:assign"), {"filing": [filing_of(three[0]).pk], "reviewer": dpo.pk}
        )
        assert response.status_code == 404
    assert not Filing.objects.exclude(assignee=None).exists()


def test_one_list_of_every_kind_and_its_filters(as_user, org, regulator, reviewer, three):
    breach, dossier, application = three
    client = as_user(regulator)
    everything = refs(client.get("/regulator/"))
    assert everything == {breach.reference, dossier.reference, application.reference}
    assert refs(client.get("/regulator/?kind=dossier")) == {dossier.reference}
    assert refs(client.get("/regulator/?kind=breach&kind=application")) == {
        breach.reference,
        application.reference,
    }
    filing_of(application).__class__.objects.filter(pk=filing_of(application).pk).update(
        assignee=regulator
    )
    assert refs(client.get("/regulator/?assignee=me")) == {application.reference}
    assert refs(client.get("/regulator/?assignee=none")) == {breach.reference, dossier.reference}
    assert refs(client.get(f"/regulator/?assignee={reviewer.pk}")) == set()
    assert refs(client.get(f"/regulator/?q={org.tax_code}")) == everything
    assert refs(client.get("/regulator/?q=Sông Hồng")) == set()
    assert refs(client.get(f"/regulator/?org={org.pk}")) == everything
    # Decree 356 Art. 18(5) and 25(3): the dossier's 15 days and the application's 10 days run.
    assert refs(client.get("/regulator/?due=overdue")) == set()
    soon = refs(client.get("/regulator/?due=soon"))
    assert breach.reference not in soon  # no agency clock on a breach notification
    Filing.objects.filter(kind="application").update(
        agency_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert refs(client.get("/regulator/?due=overdue")) == {application.reference}
    assert refs(client.get("/regulator/?status=awaiting_organisation")) == set()
    assert refs(client.get("/regulator/?status=agency")) == everything


def test_the_organisation_late_with_a_completion_is_found(as_user, dpo, regulator, three, at_now):
    from dossiers import services as dossiers

    dossier = three[1]
    client = as_user(regulator)
    dossiers.dossier_request_completion(actor=regulator, dossier=dossier, reasons="Thiếu hợp đồng")
    assert refs(client.get("/regulator/?due=organisation")) == set()  # its clock still runs
    due = filing_of(dossier).organisation_due_at
    at_now.move_to(due + dt.timedelta(minutes=1))
    client = as_user(regulator)
    response = client.get("/regulator/?due=organisation")
    assert refs(response) == {dossier.reference}
    assert 'value="organisation" selected' in response.content.decode()
    dossiers.dossier_submit(actor=dpo, dossier=dossier)  # answered, late: the agency's turn
    assert refs(client.get("/regulator/?due=organisation")) == set()


def test_filings_by_month_of_first_filing(as_user, regulator, three):
    client = as_user(regulator)
    older = filing_of(three[0])
    Filing.objects.filter(pk=older.pk).update(
        first_submitted_at=older.first_submitted_at - dt.timedelta(days=40)
    )
    response = client.get("/regulator/?kind=breach&kind=dossier")
    months = {m["code"]: m["n"] for m in response.context["months"]}
    # Twelve months up to this one (March 2026), counted under the other filters.
    assert list(months)[0] == "2025-04" and list(months)[-1] == "2026-03"
    assert (months["2026-01"], months["2026-03"]) == (1, 1)
    assert sum(months.values()) == 2
    march = client.get("/regulator/?kind=breach&kind=dossier&month=2026-03")
    assert refs(march) == {three[1].reference}
    assert 'data-month="2026-01"' in march.content.decode()
    # The strip keeps counting every month while one is chosen.
    assert {m["code"]: m["n"] for m in march.context["months"]} == months
    assert refs(client.get("/regulator/?month=2026-01")) == {three[0].reference}
    for wrong in ("2026-13", "March", "2026-3"):
        assert refs(client.get(f"/regulator/?month={wrong}")) == {o.reference for o in three}
    client.cookies["django_language"] = "en"
    english = client.get("/regulator/?month=2026-03")
    assert "First filed, by month" in english.content.decode()


def test_the_old_lists_open_the_workspace_filtered_by_kind(as_user, regulator):
    client = as_user(regulator)
    assert client.get("/regulator/breaches/")["Location"] == "/regulator/?kind=breach"
    assert client.get("/regulator/dossiers/")["Location"] == "/regulator/?kind=dossier"
    assert (
        client.get("/regulator/certification/")["Location"]
        == "/regulator/?kind=application&kind=certificate_change"
    )


def _grow(n: int, start: int, reviewer) -> None:
    from pdp_portal.organizations.models import Organization

    cts = ContentType.objects.get_by_natural_key("breaches", "breach")
    now = timezone.now()
    organizations = [make_organization() for _ in range(2)]
    Filing.objects.bulk_create(
        Filing(
            organization=organizations[i % 2],
            kind=("breach", "dossier", "application", "certificate_change")[i % 4],
            content_type=cts,
            object_id=start + i,
            reference=f"HS-{start + i}",
            status=("submitted", "under_review", "awaiting_organisation")[i % 3],
            app_status="",
            assignee=reviewer if i % 2 else None,
            first_submitted_at=now,
            last_submitted_at=now,
            last_activity_at=now,
            agency_due_at=now + dt.timedelta(hours=i),
        )
        for i in range(n)
    )
    assert Organization.objects.count() >= 2


@pytest.mark.parametrize(
    "path",
    [
        "/regulator/",
        "/regulator/?kind=dossier&due=soon",
        "/regulator/?q=0&size=100",
        "/regulator/?status=submitted&month={this_month}",
    ],
)
def test_a_page_costs_the_same_queries_whatever_its_size(
    client, regulator, reviewer, path, django_assert_num_queries
):
    login(client, regulator)
    path = path.format(this_month=timezone.localdate().strftime("%Y-%m"))
    _grow(5, 1, reviewer)
    client.get(path)  # warm caches (content types, the session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _grow(150, 100, reviewer)
    with django_assert_num_queries(len(small)):
        response = client.get(path)
    assert len(response.context["rows"]) > 5
    with django_assert_num_queries(len(small)):
        client.get(path + ("&" if "?" in path else "?") + "page=2")


def test_bulk_assignment_from_the_list(as_user, regulator, reviewer, three):
    client = as_user(regulator)
    ids = [filing_of(o).pk for o in three]
    response = client.post(
        reverse("regulator:assign"),
        {"filing": ids, "reviewer": reviewer.pk, "next": "/regulator/?kind=dossier"},
    )
    assert response.status_code == 302 and response["Location"] == "/regulator/?kind=dossier"
    assert set(Filing.objects.filter(pk__in=ids).values_list("assignee", flat=True)) == {
        reviewer.pk
    }
    # Nothing checked, or an outside address to go back to: a message, nothing else.
    response = client.post(
        reverse("regulator:assign"), {"reviewer": reviewer.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/regulator/"
    page = client.get("/regulator/").content.decode()
    assert "Chưa chọn hồ sơ nào." in page


def test_every_filing_page_has_the_same_layout(as_user, regulator, three):
    client = as_user(regulator)
    for obj in three:
        filing = filing_of(obj)
        page = client.get(filing.regulator_url)
        assert page.status_code == 200
        html = page.content.decode()
        for marker in ('data-filing="', 'id="clocks"', 'id="timeline"', 'name="reviewer"'):
            assert marker in html, (filing.kind, marker)
        assert reverse("regulator:organization", args=[filing.organization_id]) in html
        assert client.get(reverse("regulator:filing", args=[filing.pk]))["Location"] == (
            filing.regulator_url
        )


def test_the_organisation_page_shows_its_filings_and_one_timeline(as_user, org, regulator, three):
    client = as_user(regulator)
    page = client.get(reverse("regulator:organization", args=[org.pk])).content.decode()
    for obj in three:
        assert obj.reference in page
    assert 'id="certificates"' in page and page.count('data-kind="submitted"') == 3
