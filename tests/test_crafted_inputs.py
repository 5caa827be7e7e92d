"""Values typed into a link or a form by hand: a clear error or the unfiltered page, never a 500.

Each case answered 500 before: ``int()`` on a digit Python does not take as a number ("²" passes
``str.isdigit()``), a year or a date at the edge of what ``datetime`` can hold, a number larger
than the database column.
"""

import pytest

from breaches.models import Breach
from consents.models import ConsentRecord
from consents.services import property_key_create
from dossiers.forms import ActivityForm, parse_subjects
from programme import services as programme
from programme.models import ObligationState
from subjects_rights.services import intake_key_create
from tests.consents.conftest import make_notice
from tests.programme.helpers import profile
from tests.reader_language import browser

pytestmark = pytest.mark.django_db

# A digit for str.isdigit(), not for int(); and a number beyond a PostgreSQL bigint.
SUPERSCRIPT_TWO = "²"
HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_the_breach_register_leaves_off_an_organization_that_is_no_id(as_user, dpo, value):
    response = as_user(dpo).get("/breaches/", {"organization": value})

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["org", "assignee", "size"])
def test_the_agency_workspace_leaves_off_a_filter_that_is_no_number(as_user, regulator, name):
    client = as_user(regulator)
    for value in (SUPERSCRIPT_TWO, HUGE):
        assert client.get("/regulator/", {name: value}).status_code == 200


def test_the_agency_workspace_still_takes_a_page_size_it_offers(as_user, regulator):
    response = as_user(regulator).get("/regulator/", {"size": "100"})

    assert response.context["size"] == 100


@pytest.mark.parametrize("year", ["abc", "99999", "9999", "1", SUPERSCRIPT_TWO])
def test_the_yearly_report_says_which_years_it_covers(as_user, dpo, org, year):
    response = as_user(dpo).get(f"/programme/{org.pk}/report.pdf", {"year": year}, follow=True)

    assert response.redirect_chain == [(f"/programme/{org.pk}/", 302)]
    assert "Năm của báo cáo phải là một số từ 2000 đến 2099." in response.content.decode()


def test_the_yearly_report_error_is_in_the_reader_s_language(dpo, org):
    response = browser(dpo, "en").get(f"/programme/{org.pk}/report.pdf?year=0", follow=True)

    assert "The year of the report must be a number from 2000 to 2099." in response.content.decode()


@pytest.mark.parametrize(
    ("url", "persona"), [("/stats/", "dpo"), ("/regulator/stats/", "regulator")]
)
@pytest.mark.parametrize(
    "period",
    [{"end": "9999-12-31"}, {"start": "0001-01-01", "end": "0001-01-02"}],
)
def test_the_statistics_refuse_a_date_outside_the_calendar(request, as_user, url, persona, period):
    response = as_user(request.getfixturevalue(persona)).get(url, period)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày phải nằm trong các năm từ 2000 đến 2099." in page
    # The figures are those of the default period, which the page says it shows.
    first, last = response.context["period"]
    assert 2000 <= first.year and last.year <= 2099


def test_the_statistics_export_refuses_a_date_outside_the_calendar(as_user, dpo):
    response = as_user(dpo).get("/stats/export.csv", {"end": "9999-12-31"})

    assert response.status_code == 200


def test_a_consent_entered_by_staff_with_an_impossible_age_keeps_what_was_typed(
    as_user, dpo, org, tmp_media
):
    # An age the form let through reached a smallint column: a database error (500).
    notice = make_notice(org)
    url = f"/consents/{org.pk}/record/?notice={notice.pk}"
    response = as_user(dpo).post(url, {"identifier": "0901234567", "subject_age": "99999"})

    assert response.status_code == 200
    assert response.context["form"].errors["subject_age"]
    assert 'value="0901234567"' in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_revoking_a_consent_key_that_is_no_id_is_not_found(as_user, dpo, org):
    property_key_create(actor=dpo, organization=org, name="Trang web")
    client = as_user(dpo)
    for value in ("abc", SUPERSCRIPT_TWO):
        assert client.post(f"/consents/{org.pk}/keys/", {"revoke": value}).status_code == 404


def test_revoking_an_intake_key_that_is_no_id_is_not_found(as_user, dpo, org):
    intake_key_create(actor=dpo, organization=org, name="Ứng dụng")
    client = as_user(dpo)
    for value in ("abc", SUPERSCRIPT_TWO):
        assert client.post(f"/requests/keys/{org.pk}/", {"revoke": value}).status_code == 404


def test_an_obligation_owner_that_is_no_id_is_refused_with_the_reason(as_user, dpo, org):
    profile(org, cloud_provider=True)
    programme.programme_sync(organization=org)
    state = ObligationState.objects.get(organization=org, code="cloud.assessment")
    url = f"/programme/{org.pk}/o/{state.code}/owner/"

    response = as_user(dpo).post(url, {"owner": "abc"}, follow=True)

    assert response.status_code == 200
    assert "Người phụ trách phải là thành viên của tổ chức." in response.content.decode()
    state.refresh_from_db()
    assert state.owner is None


def test_a_subject_count_written_with_a_superscript_names_its_line(org):
    with pytest.raises(ValueError) as refused:
        parse_subjects("Khách hàng: 120000\nNgười lao động: 3" + SUPERSCRIPT_TWO)
    assert refused.value.args == (2,)

    form = ActivityForm(
        {"name": "Bán hàng", "purpose": "Bán hàng", "role": "controller", "subjects": "Khách: ²"},
        organization=org,
    )
    assert form.errors["subjects"] == ["Dòng 1 không đúng dạng “tên: số lượng”."]


# A NUL character (%00) in a link: PostgreSQL text cannot hold one, and the query failed.
@pytest.mark.parametrize("url", ["/registry/", "/"])
def test_a_public_search_reads_past_a_nul_character(client, url):
    response = client.get(url, {"q": "Hoa\x00 Sen"})

    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_a_certificate_number_with_a_nul_character_is_not_found(client):
    assert client.get("/verify/PDP%00-1/").status_code == 404


def test_the_audit_filters_read_past_a_nul_character(as_user, dpo, org):
    client = as_user(dpo)
    for name in ("q", "actor", "action"):
        assert client.get(f"/audit/{org.pk}/", {name: "a\x00"}).status_code == 200


def test_the_agency_workspace_search_reads_past_a_nul_character(as_user, regulator):
    response = as_user(regulator).get("/regulator/", {"q": "Hoa\x00Sen"})

    assert response.status_code == 200
    assert response.context["filters"]["q"] == "HoaSen"


def test_a_breach_discovered_in_year_one_is_refused_and_what_was_typed_stays(as_user, dpo, org):
    # 0001-01-01 00:00 in Vietnam has no UTC instant: the notice clocks failed with a 500.
    response = as_user(dpo).post(
        "/breaches/new/",
        {
            "organization": org.pk,
            "summary": "Mất máy tính xách tay",
            "discovered_at": "0001-01-01T00:00",
            "acting_role": "controller",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["discovered_at"] == [
        "Ngày phải nằm trong các năm từ 2000 đến 2099."
    ]
    assert "Mất máy tính xách tay" in response.content.decode()
    assert not Breach.objects.exists()
