"""Statistics and the request log export."""

import io

import pytest
from django.urls import reverse

from subjects_rights import services

from .helpers import enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_requests(org, other_org, dpo, outsider):
    a, _ = enter(org, dpo, request_type="access")
    b, _ = enter(org, dpo, request_type="erase")
    services.request_fulfil(actor=dpo, request=b, note="Xong")
    enter(other_org, outsider, request_type="object", full_name="=HYPERLINK(1)")
    return a, b


def test_the_statistics_address_leads_to_the_statistics_page(as_user, dpo, some_requests):
    response = as_user(dpo).get(reverse("subjects_rights:stats"), follow=True)
    assert response.redirect_chain == [(reverse("stats:page"), 302)]
    rows = {t.key: t.rows for t in response.context["figures"]}
    # The fulfilled erasure met its clocks: on time, 100 % for it and for all types.
    assert rows["rights.on_time"][-1][1:] == [1, 1, 0, 100.0]


def test_csv_export_has_only_own_requests_and_no_contact_details(as_user, dpo, some_requests):
    from pdp_portal.audit.models import AuditEvent

    response = as_user(dpo).get(reverse("subjects_rights:export_csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 3
    assert some_requests[0].reference in text
    assert "@example" not in text and "HYPERLINK" not in text
    assert AuditEvent.objects.filter(action="rights.export").exists()


def test_xlsx_export(as_user, dpo, some_requests):
    from openpyxl import load_workbook

    response = as_user(dpo).get(reverse("subjects_rights:export_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {
        r.reference for r in some_requests
    }


def test_outsider_sees_nothing_of_ours(as_user, outsider, some_requests):
    text = as_user(outsider).get(reverse("subjects_rights:export_csv")).content.decode("utf-8-sig")
    assert some_requests[0].reference not in text
