"""A month or an organisation typed into a list's link by hand: a 400 that says why in the API,
the unfiltered list on a page, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"  # a digit for str.isdigit(), not for int()

# 0000-01 is no date to Python; 9999-12 has no month after it.
OUT_OF_CALENDAR = ["0000-01", "9999-12", "1999-12", "2100-01"]


@pytest.mark.parametrize("url", ["/api/v1/filings/", "/api/v1/regulator/breaches/"])
@pytest.mark.parametrize("month", OUT_OF_CALENDAR)
def test_the_agency_api_refuses_a_month_outside_the_calendar(as_user, regulator, url, month):
    response = as_user(regulator).get(url, {"month": month})

    assert response.status_code == 400
    assert response.json() == {"month": ["Tháng phải thuộc các năm từ 2000 đến 2099."]}


def test_the_agency_api_still_takes_the_calendar_s_first_and_last_months(as_user, regulator):
    client = as_user(regulator)
    for month in ("2000-01", "2099-12"):
        assert client.get("/api/v1/filings/", {"month": month}).status_code == 200


def test_the_month_error_is_in_the_reader_s_language(as_user, regulator):
    client = as_user(regulator)
    response = client.get("/api/v1/filings/?month=0000-01", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {"month": ["The month must be in the years 2000 to 2099."]}


@pytest.mark.parametrize("month", OUT_OF_CALENDAR)
def test_the_agency_workspace_leaves_off_a_month_outside_the_calendar(as_user, regulator, month):
    response = as_user(regulator).get("/regulator/", {"kind": "breach", "month": month})

    assert response.status_code == 200
    assert "month" not in response.context["filters"]


@pytest.mark.parametrize("url", ["/clock/deadlines/", "/requests/export.csv"])
def test_a_staff_list_leaves_off_an_organization_that_is_no_id(as_user, dpo, url):
    assert as_user(dpo).get(url, {"organization": SUPERSCRIPT_TWO}).status_code == 200


def test_the_old_request_statistics_link_drops_an_organization_that_is_no_id(as_user, dpo, org):
    client = as_user(dpo)
    assert client.get("/requests/stats/", {"organization": SUPERSCRIPT_TWO})["Location"] == (
        "/stats/"
    )
    assert client.get("/requests/stats/", {"organization": org.pk})["Location"] == (
        f"/stats/?organization={org.pk}"
    )
