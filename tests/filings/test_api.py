"""The workspace under /api/v1/filings/: the agency's list with the page's filters, and bulk
assignment of several kinds at once, refused to anyone outside the agency with a 404."""

import pytest
from django.contrib.contenttypes.models import ContentType

from pdp_portal.audit.models import AuditEvent
from pdp_portal.filings import registry
from pdp_portal.filings.models import Filing
from pdp_portal.notices.models import OutboxMessage

pytestmark = pytest.mark.django_db


def filing_of(obj) -> Filing:
    return Filing.objects.get(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def refs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


def test_only_the_agency_sees_the_list_or_assigns(client, as_user, dpo, outsider, reviewer, three):
    ids = [filing_of(o).pk for o in three]
    assert client.get("/api/v1/filings/").status_code in (401, 403)
    for person in (dpo, outsider):
        c = as_user(person)
        assert c.get("/api/v1/filings/").status_code == 404
        answer = c.post(
            "/api/v1/filings/assign/",
            {"filings": ids, "reviewer": reviewer.pk},
            content_type="application/json",
        )
        assert answer.status_code == 404
    assert not Filing.objects.exclude(assignee=None).exists()


def test_the_list_reads_the_workspace_filters(as_user, regulator, three):
    breach, dossier, application = three
    client = as_user(regulator)
    assert refs(client.get("/api/v1/filings/")) == {o.reference for o in three}
    assert refs(client.get("/api/v1/filings/?kind=dossier&kind=breach")) == {
        breach.reference,
        dossier.reference,
    }
    assert refs(client.get("/api/v1/filings/?assignee=me")) == set()
    assert refs(client.get("/api/v1/filings/?month=2026-03")) == {o.reference for o in three}
    assert refs(client.get("/api/v1/filings/?month=2026-02")) == set()
    row = client.get(f"/api/v1/filings/?q={application.organization.tax_code}&kind=application")
    (item,) = row.json()["results"]
    assert item["kind"] == "application" and item["status"] == "submitted"
    assert item["url"] == filing_of(application).regulator_url
    assert item["agency_due_at"] is not None and item["assignee"] is None


def test_three_kinds_assigned_in_one_call(as_user, regulator, reviewer, three):
    breach, dossier, application = three
    client = as_user(regulator)
    ids = [filing_of(o).pk for o in three]
    answer = client.post(
        "/api/v1/filings/assign/",
        {"filings": ids, "reviewer": reviewer.pk},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assigned = answer.json()["assigned"]
    assert [row["id"] for row in assigned] == sorted(ids)
    assert {row["assignee"] for row in assigned} == {reviewer.username}
    dossier.refresh_from_db()
    assert dossier.assigned_reviewer == reviewer  # through the dossier's own assignment
    assert AuditEvent.objects.filter(action__in=["filing.assign", "dossier.assign"]).count() == 3
    assert OutboxMessage.objects.filter(template="filing_assigned").count() == 1
    assert refs(client.get(f"/api/v1/filings/?assignee={reviewer.pk}")) == {
        o.reference for o in three
    }


def test_bad_input_gets_a_clear_error_in_the_reader_language(as_user, regulator, dpo, three):
    client = as_user(regulator)
    one = [filing_of(three[0]).pk]
    empty = client.post(
        "/api/v1/filings/assign/", {"filings": [], "reviewer": regulator.pk}, "application/json"
    )
    assert empty.status_code == 400 and "filings" in empty.json()
    not_agency = client.post(
        "/api/v1/filings/assign/", {"filings": one, "reviewer": dpo.pk}, "application/json"
    )
    assert not_agency.status_code == 400 and "reviewer" in not_agency.json()
    unknown = client.post(
        "/api/v1/filings/assign/",
        {"filings": [987654], "reviewer": regulator.pk},
        "application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert unknown.status_code == 400
    assert unknown.json()["filings"] == ['Invalid pk "987654" - object does not exist.']
    assert not Filing.objects.exclude(assignee=None).exists()


@pytest.mark.parametrize(
    "query, field",
    [
        ("month=2026-3", "month"),
        ("month=2026-00", "month"),
        ("kind=breach&kind=licence", "kind"),
        ("status=pending", "status"),
        ("assignee=someone", "assignee"),
        ("due=later", "due"),
        ("org=0", "org"),
    ],
)
def test_a_filter_the_list_does_not_know_is_refused(as_user, regulator, three, query, field):
    # Refused, not ignored: the whole list must never pass for the filtered one a tool asked for.
    answer = as_user(regulator).get(f"/api/v1/filings/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == [field]


def test_a_refused_filter_says_why_in_the_reader_language(as_user, regulator, three):
    client = as_user(regulator)
    known = ", ".join(sorted(kind.code for kind in registry.kinds()))
    assert "breach" in known and "dossier" in known
    assert client.get("/api/v1/filings/?kind=licence").json() == {
        "kind": [f"Không có loại hồ sơ licence; các loại: {known}."]
    }
    assert client.get("/api/v1/filings/?assignee=x", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "assignee": ['The assignee is "me", "none" or the id of a reviewer.']
    }
