"""What every signed document reads from the organisation: its contact, its place and date line."""

import datetime as dt

import pytest

from pdp_portal.organizations.letterhead import date_parts, default_place, primary_contact
from pdp_portal.organizations.models import ProtectionContact


def test_the_date_line_writes_day_and_month_on_two_digits():
    assert date_parts(dt.date(2026, 3, 5)) == {"day": "05", "month": "03", "year": 2026}
    assert date_parts(dt.datetime(2026, 11, 21, 23, 59, tzinfo=dt.UTC)) == {
        "day": "21",
        "month": "11",
        "year": 2026,
    }


def test_without_a_date_the_line_is_left_to_fill_in():
    assert date_parts(None) is None


@pytest.mark.parametrize(
    ("head_office", "place"),
    [
        ("12 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội", "Hà Nội"),
        ("Hà Nội", "Hà Nội"),
        ("12 Lý Thường Kiệt, Hà Nội, ", "Hà Nội"),
        ("", ""),
        (None, ""),
    ],
)
def test_the_place_is_the_last_part_of_the_head_office_address(head_office, place):
    class Organization:
        pass

    organization = Organization()
    organization.head_office = head_office
    assert default_place(organization) == place


@pytest.mark.django_db
def test_the_primary_contact_is_named_before_any_other(org):
    other = ProtectionContact.objects.create(organization=org, kind="staff", name="Trần B")
    assert primary_contact(org) == other
    primary = ProtectionContact.objects.create(
        organization=org, kind="unit", name="Phòng Pháp chế", is_primary=True
    )

    assert primary_contact(org) == primary
