"""Consents recorded while every actor reads Vietnamese, read by an English reader: staff pages,
the subject's pages and receipts, the verification page and the audit page, all in English."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from consents import services
from pdp_portal.notices.models import OutboxMessage
from tests.reader_leaks import audit_leaks, make_cast, page_leaks, reader, report

from .conftest import make_activity, record_data

pytestmark = pytest.mark.django_db


def _notice(organization):
    sales = make_activity(organization, name="Online sales", purpose="Deliver orders")
    ads = make_activity(
        organization, name="Location ads", purpose="Ads", sensitive_data_types=["location"]
    )
    notice = services.notice_create(
        actor="test",
        organization=organization,
        # Both texts are typed by the DPO: the Vietnamese one stays ASCII here so that any
        # Vietnamese an English reader sees can only come from the portal itself.
        title_vi="Acme notice",
        title_en="Acme notice",
        text_vi="We deliver your orders.",
        text_en="We deliver your orders.",
        purposes=[
            {"code": "delivery", "label_vi": "Delivery", "label_en": "Delivery", "activity": sales},
            {
                "code": "ads",
                "label_vi": "Location ads",
                "label_en": "Location ads",
                "activity": ads,
                "marketing": True,
            },
        ],
    )
    return services.notice_publish(actor="test", notice=notice)


@pytest.fixture
def walked(settings, tmp_path, client):
    """Acme's notice, a consent given on its site, the subject's link opened and a purpose
    withdrawn there, all while Vietnamese is the active language; return what was made."""
    organization, dpo, _officer = make_cast(settings, tmp_path)
    with translation.override("vi"):
        _notice(organization)
        record, _ = services.consent_record(
            actor=dpo,
            organization=organization,
            **record_data(
                identifier="an@acme.example", decisions={"delivery": "given", "ads": "given"}
            ),
        )
        client.post(f"/consent/{organization.slug}/", {"email": "an@acme.example"})
        body = OutboxMessage.objects.filter(template="consents_access").latest("id").body_text
        link = "/" + re.search(r"https?://\S+", body).group(0).split("//", 1)[1].split("/", 1)[1]
        link = link.split("?")[0]  # the link names its language (?lang=): paths are added below
        client.post(link)  # confirm the link
        client.post(link + "withdraw/", {"purpose": "ads"})
    return organization, dpo, record, link


def test_an_english_reader_reads_consents_in_english(walked):
    organization, dpo, record, link = walked
    staff = reader(dpo, "en")
    found = []
    for url in (
        reverse("consents:index"),
        reverse("consents:subject", args=[organization.pk]),
        reverse("consents:stats", args=[organization.pk]),
        reverse("consents:keys", args=[organization.pk]),
        reverse("consents:evidence_json", args=[record.uid]),
    ):
        found += page_leaks(staff, url)
    subject = reader(None, "en")
    for url in (f"/consent/{organization.slug}/", link, "/consent/verify/"):
        found += page_leaks(subject, url)
    found += audit_leaks(staff, organization, ("consents.",))
    assert not found, report(found)
    # The pages read really held the walk: the history, and the subject's withdrawal.
    history = staff.post(
        reverse("consents:subject", args=[organization.pk]),
        {"kind": "email", "identifier": "an@acme.example"},
    ).content.decode()
    assert "Withdrawn" in history and "Given" in history
    assert "Withdrawn" in subject.get(link).content.decode()
