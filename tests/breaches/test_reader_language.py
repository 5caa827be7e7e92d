"""A breach written by Vietnamese-speaking users reads in English for an English reader.

Every text the portal wrote along the workflow (audit summaries, timeline entries, notifications)
is stored as a message key and parameters; what the users typed here is plain ASCII, so any
Vietnamese letter an English reader meets is a stored text frozen in the writer's language.
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from breaches import services
from breaches.models import Breach, BreachReviewEvent, SubjectNotice
from pdp_portal.audit.models import AuditEvent
from pdp_portal.notices.models import Notification
from tests.factories import PDF
from tests.reader_leaks import (
    audit_leaks,
    leaks,
    page_leaks,
    reader,
    report,
)

from .conftest import DISCOVERED

pytestmark = pytest.mark.django_db

# What the users type, in plain ASCII: a Vietnamese letter in a page is never theirs.
TYPED = dict(
    location="Data centre Hoa Lac",
    acts="Backup bucket left public; files downloaded.",
    parties_involved="Blue Cloud Ltd",
    discovery_method="Monitoring alert",
    consequences="Phishing calls to customers.",
    measures_taken="Public access closed; keys rotated.",
    measures_proposed="Independent audit.",
    subject_guidance="Never share OTP codes.",
    record_count=1200,
)
NOTICE = dict(
    detected="Found on 2 March 2026 by a monitoring alert.",
    data_affected="Names and phone numbers.",
    severity_and_risks="High: phishing calls.",
    measures="Access closed, keys rotated.",
    guidance="Never share OTP codes.",
    contact="Lan, DPO, dpo@acme.example",
)


@pytest.fixture
def walked(cast):
    """Walk a breach through every state change, its users working in Vietnamese."""
    acme, dpo, agency = cast
    staff, officer = reader(dpo, "vi"), reader(agency, "vi")
    with time_machine.travel(DISCOVERED + dt.timedelta(hours=1), tick=False) as clock:
        response = staff.post(
            reverse("breaches:record"),
            {
                "organization": acme.pk,
                "summary": "Customer database exposed",
                "discovered_at": "2026-03-02T09:30",
                "basic_data_types": ["name", "identifiers"],
                "subject_count": "450",
                "harms_data_subjects": "on",
                "acting_role": "controller",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        breach = Breach.objects.get(organization=acme)
        with translation.override("vi"):
            # Discovered an hour earlier than first recorded: the clocks start again.
            services.breach_update(
                actor=dpo,
                breach=breach,
                discovered_at=DISCOVERED - dt.timedelta(hours=1),
                **TYPED,
            )
            services.breach_update(actor=dpo, breach=breach, harms_data_subjects=False)
            services.breach_update(actor=dpo, breach=breach, harms_data_subjects=True)
            for name in ("incident-report.pdf", "draft.pdf"):
                attachment = services.attachment_add(
                    actor=dpo,
                    breach=breach,
                    upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
                    description="Incident report" if name == "incident-report.pdf" else "",
                )
            services.attachment_remove(actor=dpo, attachment=attachment)
        clock.shift(dt.timedelta(hours=2))
        response = staff.post(reverse("breaches:submit", args=[breach.pk]), {"signer_name": "Lan"})
        assert response.status_code == 302, response.content.decode()[:3000]
        clock.shift(dt.timedelta(hours=1))
        officer.post(reverse("breaches_regulator:acknowledge", args=[breach.pk]), {})
        officer.post(
            reverse("breaches_regulator:request_info", args=[breach.pk]),
            {"message": "Send the log extract."},
        )
        clock.shift(dt.timedelta(hours=1))
        response = staff.post(
            reverse("breaches:submit", args=[breach.pk]),
            {"signer_name": "Lan", "note": "Log extract enclosed."},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        # The agency's officer closes the case working in English.
        reader(agency, "en").post(reverse("breaches_regulator:close", args=[breach.pk]), {})
        with translation.override("vi"):
            notice = services.notice_create(actor=dpo, breach=breach, **NOTICE)
            services.notice_set_recipients(
                actor=dpo, notice=notice, data=b"email,name\nan@example.com,An\n"
            )
            services.notice_send(actor=dpo, notice=notice)
            services.breach_publish_notice(
                actor=dpo, breach=breach, text="Acme notice about incident."
            )
            services.breach_contain(actor=dpo, breach=breach)
            services.breach_remediate(actor=dpo, breach=breach)
            services.breach_close(actor=dpo, breach=breach)
    breach.refresh_from_db()
    return breach


def test_an_english_reader_reads_the_whole_breach_in_english(cast, walked):
    acme, dpo, agency = cast
    breach = walked
    notice = SubjectNotice.objects.get(breach=breach)
    assert breach.status == Breach.Status.CLOSED
    assert breach.review_status == Breach.Review.CLOSED
    staff, officer = reader(dpo, "en"), reader(agency, "en")
    found = []
    for url in (
        reverse("dashboard"),
        reverse("breaches:register"),
        reverse("breaches:detail", args=[breach.pk]),
        reverse("breaches:notice", args=[breach.pk, notice.pk]),
        reverse("breaches:public_notice", args=[breach.pk]),
        "/api/v1/breaches/",
        f"/api/v1/breaches/{breach.pk}/",
    ):
        found += page_leaks(staff, url)
    for url in (
        reverse("regulator:inbox") + "?kind=breach",
        reverse("breaches_regulator:detail", args=[breach.pk]),
        "/api/v1/regulator/breaches/",
        f"/api/v1/regulator/breaches/{breach.pk}/",
    ):
        found += page_leaks(officer, url)
    found += page_leaks(
        reader(None, "en"), reverse("breaches_public:notice", args=[breach.public_id])
    )
    found += audit_leaks(staff, acme, ("breach.",))
    with translation.override("en"):
        for note in Notification.objects.filter(key__startswith="breach."):
            found += [f"notification {note.key}: {leak}" for leak in leaks(note.text)]
    assert not found, report(found)


def test_what_an_english_speaking_agency_wrote_reads_in_vietnamese(cast, walked):
    acme, dpo, _agency = cast
    event = BreachReviewEvent.objects.filter(breach=walked).last()
    note = Notification.objects.get(user=dpo, key=f"breach.review:{event.pk}")
    with translation.override("vi"):
        assert note.text == f"Cơ quan chuyên trách: Kết thúc xem xét (vi phạm {walked.reference})"
    with translation.override("en"):
        assert walked.reference in note.text
        assert not leaks(note.text)


def test_a_breach_recorded_in_english_reads_in_vietnamese(cast, at_discovery):
    acme, dpo, _agency = cast
    with translation.override("en"):
        breach = services.breach_record(
            actor=dpo,
            organization=acme,
            summary="Laptop stolen",
            discovered_at=DISCOVERED,
            harms_data_subjects=True,
        )
    event = AuditEvent.objects.get(action="breach.record", object_id=str(breach.pk))
    with translation.override("vi"):
        assert event.summary == f"Ghi nhận vi phạm {breach.reference}"
    with translation.override("en"):
        assert breach.reference in event.summary
        assert not leaks(event.summary)
    html = reader(dpo, "vi").get(reverse("audit:organization", args=[acme.pk])).content.decode()
    assert f"Ghi nhận vi phạm {breach.reference}" in html
