"""Forms 04 to 07 in English: the filed snapshot read as a translation, offered next to each PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certification import services
from tests.pdf_english import assert_english, assert_vietnamese, pdf_text, save_pngs

from .conftest import request_replacement, revoke_dissolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(granted, dpo, regulator):
    """Return (Form 04 version, certificate, Form 06 request), the certificate then revoked."""
    version, certificate = granted
    change = request_replacement(certificate, dpo)
    revoke_dissolved(certificate, regulator)
    certificate.refresh_from_db()
    return version, certificate, change


def test_forms_04_to_07_render_in_english_from_their_snapshots(filed, org):
    version, certificate, change = filed
    forms = [
        (
            bytes(version.pdf),
            services.render_form04(version.snapshot, language="en"),
            "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN",
            ["Form 04", "APPLICATION FOR A CERTIFICATE", "To: Ministry of Public Security."],
        ),
        (
            bytes(certificate.pdf),
            services.render_form05(certificate.snapshot, language="en"),
            "ĐỦ ĐIỀU KIỆN KINH DOANH DỊCH VỤ XỬ LÝ DỮ LIỆU CÁ NHÂN",
            ["Form 05", "CERTIFICATE", "MINISTRY OF PUBLIC SECURITY", "DIRECTOR GENERAL"],
        ),
        (
            bytes(change.pdf),
            services.render_form06(change.snapshot, language="en"),
            "ĐƠN ĐỀ NGHỊ CẤP LẠI/CẤP ĐỔI GIẤY CHỨNG NHẬN",
            ["Form 06", "APPLICATION FOR THE REISSUE/REPLACEMENT OF A CERTIFICATE"],
        ),
        (
            bytes(certificate.revocation_pdf),
            services.render_form07(certificate, certificate.revocation_snapshot, language="en"),
            "Về việc thu hồi Giấy chứng nhận",
            ["Form 07", "DECISION", "On the revocation of a certificate", "As in Article 3;"],
        ),
    ]
    for filed_pdf, english, vietnamese_title, english_headings in forms:
        assert_vietnamese(filed_pdf, vietnamese_title, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        assert_english(english, *english_headings, "SOCIALIST REPUBLIC OF VIETNAM", org.name)


def test_the_vietnamese_rendering_of_a_snapshot_is_the_filed_form(filed):
    version, certificate, _change = filed
    assert pdf_text(services.render_form04(version.snapshot)) == pdf_text(bytes(version.pdf))
    assert pdf_text(services.render_form05(certificate.snapshot)) == pdf_text(
        bytes(certificate.pdf)
    )


def test_the_organisation_and_the_regulator_download_the_english_forms(
    filed, as_user, dpo, regulator
):
    version, certificate, change = filed
    application = certificate.application
    pages = {
        dpo: [
            reverse("certification:version_pdf", args=[application.pk, version.version]),
            reverse("certification:certificate_pdf", args=[certificate.pk]),
            reverse("certification:revocation_pdf", args=[certificate.pk]),
            reverse("certification:change_pdf", args=[change.pk]),
        ],
        regulator: [
            reverse("certification_regulator:version_pdf", args=[application.pk, version.version]),
            reverse("certification_regulator:certificate_pdf", args=[certificate.pk]),
            reverse("certification_regulator:revocation_pdf", args=[certificate.pk]),
            reverse("certification_regulator:change_pdf", args=[change.pk]),
        ],
    }
    for user, urls in pages.items():
        client = as_user(user)
        for url in urls:
            assert_vietnamese(client.get(url).content)
            english = client.get(url + "?lang=en")
            assert english.status_code == 200
            assert english["Content-Disposition"].endswith('-en.pdf"')
            assert_english(english.content)
    detail = as_user(dpo).get(reverse("certification:certificate", args=[certificate.pk]))
    body = detail.content.decode()
    for url in pages[dpo][1:]:
        assert f'href="{url}?lang=en"' in body, url


def test_an_outsider_gets_no_english_form_either(filed, as_user, outsider):
    _version, certificate, _change = filed
    url = reverse("certification:certificate_pdf", args=[certificate.pk])
    assert as_user(outsider).get(url + "?lang=en").status_code == 404


def test_the_signature_never_stands_alone_on_the_last_page(filed):
    version, _certificate, _change = filed
    english = services.render_form04(version.snapshot, language="en")
    save_pngs(english, "form04-en")
    for pdf, undertaking in ((bytes(version.pdf), "Cam kết"), (english, "Undertaking")):
        pages = PdfReader(io.BytesIO(pdf)).pages
        last = pages[-1].extract_text()
        # The signature keeps the undertaking before it on its page (Form 04 runs to 3 pages).
        assert len(pages) > 1 and undertaking in last, last
