"""The acknowledgement PDF: reference, received time, every due date with its legal basis."""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import deadlines_for, format_due
from subjects_rights import services
from subjects_rights.models import RightsRequest
from tests.browser import ARTIFACTS
from tests.factories import make_contact
from tests.pdftotext import pdftotext_flat

from .helpers import at, enter, submit
from .test_public import confirm_link, post_form

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    """Return the text of a PDF in drawing order (cell by cell), white space runs made one space."""
    return pdftotext_flat(data, tmp_path, "-raw", name="ack.pdf")


def expected_clocks(request, language):
    """Return (due, basis) of each clock as the Deadline rows and the catalogue say."""
    with translation.override(language):
        return [
            (format_due(d.effective_due_at), get_rule(d.rule).basis) for d in deadlines_for(request)
        ]


@pytest.fixture
def contact(org):
    return make_contact(org, email="lan@hoasen.example.vn")


@pytest.fixture
def received(org, dpo, contact):
    """A request received at the counter on Monday 2 March 2026, 09:30, with its tracking token."""
    return enter(
        org, dpo, request_type="access", received_at=at("2026-03-02 09:30"), full_name="Lê Văn An"
    )


def test_the_tracking_page_serves_the_acknowledgement_in_vietnamese(client, received, tmp_path):
    request, token = received
    page = client.get(reverse("rights_public:track", args=[token]))
    url = reverse("rights_public:acknowledgement", args=[token])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content, tmp_path)
    assert request.reference in text
    assert "Thứ Hai, 02/03/2026 09:30 (giờ Việt Nam)" in text  # received
    clocks = expected_clocks(request, "vi")
    assert len(clocks) == 2
    for due, basis in clocks:
        assert due in text
        assert basis in text
    # The two clocks of an access request, as the DESIGN examples give them.
    assert "04/03/2026 23:59" in text and "12/03/2026 23:59" in text
    assert "Nghị định 356/2025 Điều 5 khoản 2-5" in text
    assert "Nghị định 356/2025 Điều 5 khoản 3" in text
    assert "Nguyễn Thị Lan" in text and "lan@hoasen.example.vn" in text
    assert request.organization.name in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_an_english_request_gets_an_english_acknowledgement(client, org, dpo, contact, tmp_path):
    request, token = enter(
        org, dpo, request_type="erase", received_at=at("2026-03-02 09:30"), language="en"
    )
    response = client.get(reverse("rights_public:acknowledgement", args=[token]))
    text = pdf_text(response.content, tmp_path)
    assert request.reference in text
    assert "SOCIALIST REPUBLIC OF VIETNAM" in text
    assert "Monday, 02/03/2026 09:30 (Vietnam time)" in text
    for due, basis in expected_clocks(request, "en"):
        assert due in text
        assert basis in text
    assert "Decree 356/2025 Art. 5(4)" in text
    assert "Nghị định" not in text


def test_an_extension_shows_the_new_due_date_and_the_reason(client, org, dpo, contact, tmp_path):
    request, token = enter(org, dpo, request_type="access")
    services.request_respond(actor=dpo, request=request, body="Chúng tôi sẽ gửi bản sao.")
    services.request_extend(actor=dpo, request=request, days=5, reason="Dữ liệu ở nhiều hệ thống.")
    text = pdf_text(
        client.get(reverse("rights_public:acknowledgement", args=[token])).content, tmp_path
    )
    fulfil = deadlines_for(request).get(rule="rights.access.fulfil")
    with translation.override("vi"):
        assert format_due(fulfil.extended_due_at) in text
        assert format_due(fulfil.due_at) in text  # the original due date, for comparison
    assert "Dữ liệu ở nhiều hệ thống." in text
    assert "Đã gia hạn 5 ngày" in text
    assert "Đã thực hiện lúc" in text  # the response clock was met


@pytest.mark.parametrize(
    "token",
    ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x", "A" * 101],
)
def test_a_wrong_token_is_404(client, received, token):
    assert client.get(f"/track/{token}/acknowledgement.pdf").status_code == 404


def test_a_confirmation_token_does_not_open_the_acknowledgement(client, org):
    post_form(client, org)
    request = RightsRequest.objects.get()
    confirm_token = confirm_link(request).rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/track/{confirm_token}/acknowledgement.pdf").status_code == 404


@pytest.mark.parametrize(
    "persona, status",
    [("dpo", 200), ("staff", 200), ("viewer", 200), ("outsider", 404), ("regulator", 404)],
)
def test_staff_download_by_persona(request, as_user, received, persona, status):
    rights_request, _token = received
    client = as_user(request.getfixturevalue(persona))
    url = reverse("subjects_rights:acknowledgement", args=[rights_request.pk])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"


def test_anonymous_is_sent_to_login(client, received):
    rights_request, _token = received
    response = client.get(reverse("subjects_rights:acknowledgement", args=[rights_request.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_request_page_links_both_languages_and_the_download_is_audited(
    as_user, received, dpo, tmp_path
):
    from pdp_portal.audit.models import AuditEvent

    rights_request, _token = received
    client = as_user(dpo)
    url = reverse("subjects_rights:acknowledgement", args=[rights_request.pk])
    page = client.get(rights_request.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and f'href="{url}?lang=en"' in page
    text = pdf_text(client.get(url + "?lang=en").content, tmp_path)
    assert "Decree 356/2025 Art. 5(3)" in text
    assert AuditEvent.objects.filter(
        action="rights.view", message__contains="giấy xác nhận"
    ).exists()


def test_an_unconfirmed_request_has_no_acknowledgement(as_user, org, dpo):
    request = submit(org)
    client = as_user(dpo)
    url = reverse("subjects_rights:acknowledgement", args=[request.pk])
    assert client.get(url).status_code == 404
    assert url not in client.get(request.get_absolute_url()).content.decode()


def test_the_acknowledgement_renders_as_one_clean_page(client, received, tmp_path):
    """Render page 1 to PNG under test-artifacts/ (for a person to look at) and check its size."""
    _request, token = received
    data = client.get(reverse("rights_public:acknowledgement", args=[token])).content
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "rights-ack.pdf"
    path.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", str(path), str(ARTIFACTS / "rights-ack")], check=True
    )
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    assert "A4" in info.stdout
    assert re.search(r"Pages:\s+1\b", info.stdout), info.stdout
    assert (ARTIFACTS / "rights-ack-1.png").stat().st_size > 10_000
