"""Form 08 in English: the notification as sent, read as a translation, offered next to its PDF."""

import pytest
from django.urls import reverse

from breaches import services
from tests.pdf_english import (
    TRANSLATION_NOTE,
    assert_english,
    assert_vietnamese,
    pdf_text,
    save_pngs,
)

from .conftest import make_breach

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    services.breach_submit(actor=dpo, breach=breach)
    return breach


def test_the_sent_form08_renders_in_english_with_its_facts_in_english(sent, org):
    submission = sent.submissions.get(version=1)
    assert_vietnamese(
        bytes(submission.pdf),
        "Mẫu số 08",
        "VI PHẠM QUY ĐỊNH BẢO VỆ DỮ LIỆU CÁ NHÂN",
        "phát hiện lúc",
    )
    english = services.render_form08(submission.snapshot, language="en")
    save_pngs(english, "form08-en")
    text = assert_english(
        english,
        "Form 08",
        "NOTIFICATION",
        "SOCIALIST REPUBLIC OF VIETNAM",
        org.name,
        # Typed by the organisation: as typed.
        "Lộ cơ sở dữ liệu khách hàng",
    )
    # The time and data types frozen in Vietnamese are read again from their plain values.
    assert "phát hiện lúc" not in text
    assert "Họ, chữ đệm và tên" not in text


def test_the_organisation_and_the_regulator_download_the_english_form08(
    sent, as_user, dpo, regulator
):
    for user, name in ((dpo, "breaches"), (regulator, "breaches_regulator")):
        client = as_user(user)
        url = reverse(f"{name}:submission_pdf", args=[sent.pk, 1])
        assert_vietnamese(client.get(url).content, "Mẫu số 08")
        english = client.get(url + "?lang=en")
        assert english["Content-Disposition"].endswith('-lan-1-en.pdf"')
        assert_english(english.content, "Form 08")
        page = client.get(reverse(f"{name}:detail", args=[sent.pk])).content.decode()
        assert f'href="{url}?lang=en"' in page
    # The API's downloads too: the organisation's and the agency's.
    for user, base in ((dpo, "/api/v1/breaches/"), (regulator, "/api/v1/regulator/breaches/")):
        api = f"{base}{sent.pk}/submissions/1/pdf/"
        client = as_user(user)
        assert_vietnamese(client.get(api).content, "Mẫu số 08")
        english = client.get(api + "?lang=en")
        assert english["Content-Type"] == "application/pdf"
        assert english["Content-Disposition"].endswith('-lan-1-en.pdf"')
        assert_english(english.content, "Form 08")


def test_an_outsider_gets_no_english_form08_either(sent, as_user, outsider):
    url = reverse("breaches:submission_pdf", args=[sent.pk, 1])
    assert as_user(outsider).get(url + "?lang=en").status_code == 404


def test_only_the_official_forms_call_themselves_a_translation(sent):
    # The written record (Law 91/2025 Art. 23(2)) is the organisation's own document, not a
    # Decree 356 form filed in Vietnamese: read in English, it is no translation of anything.
    record = pdf_text(services.record_pdf(sent, language="en"))
    assert "RECORD" in record and TRANSLATION_NOTE not in record
