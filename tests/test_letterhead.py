"""What every signed document reads from the organisation: its contact, its place and date line."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from pdp_portal.organizations.letterhead import date_parts, default_place, primary_contact
from pdp_portal.organizations.models import ProtectionContact


@pytest.mark.parametrize(
    ("day", "vietnamese", "english"),
    [
        # As the Law's and the Decree's own texts write their dates.
        (dt.date(2026, 1, 1), "ngày 01 tháng 01 năm 2026", "01/01/2026"),
        (dt.date(2025, 2, 18), "ngày 18 tháng 02 năm 2025", "18/02/2025"),
        (dt.date(2023, 4, 17), "ngày 17 tháng 4 năm 2023", "17/04/2023"),
        (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026", "05/03/2026"),
        (dt.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025", "31/12/2025"),
    ],
)
def test_the_date_line_writes_the_month_as_the_official_texts_do(day, vietnamese, english):
    parts = date_parts(day)
    line = "ngày {day} tháng {month} năm {year}"
    with translation.override("vi"):
        assert line.format(**parts) == vietnamese
        # Rendered in a template, as every form does.
        assert (
            Template(line.replace("{", "{{ p.").replace("}", " }}")).render(Context({"p": parts}))
            == vietnamese
        )
    with translation.override("en"):
        assert "{day}/{month}/{year}".format(**parts) == english


def test_a_date_time_gives_its_own_date():
    parts = date_parts(dt.datetime(2026, 11, 21, 23, 59, tzinfo=dt.UTC))
    assert (parts["day"], parts["month"].number, parts["year"]) == ("21", 11, 2026)


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
