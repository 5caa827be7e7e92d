"""Whatever certification stores for people to read later reads in the reader's language.

The organisation and the agency act in Vietnamese through every state change of an application
(Form 04) and of its certificates (Forms 05, 06, 07); an English reader then reads every staff,
regulator and public page and the API, and finds no Vietnamese letter except in what a person typed
(typed here in plain ASCII) and the language switcher's "Tiếng Việt".
"""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from certification import services
from certification.models import (
    SCHEME_POINTS,
    ApplicationEvent,
    Certificate,
    ChangeRequest,
)
from pdp_portal.audit.models import AuditEvent
from pdp_portal.messages import render_message
from pdp_portal.notices.models import Notification, OutboxMessage
from tests import factories
from tests.reader_leaks import reader

from . import conftest
from .conftest import START

pytestmark = pytest.mark.django_db

migration = importlib.import_module("certification.migrations.0002_reader_language_messages")

VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# The language switcher names Vietnamese in Vietnamese, in every language; the grant form offers
# the signer's title as Form 05 prints it, in Vietnamese like the whole certificate.
MASKED = ("Tiếng Việt", 'value="THỦ TRƯỞNG CƠ QUAN"')
# Names of form fields (e.g. the scheme's point "đ"): identifiers nobody reads.
IDENTIFIERS = re.compile(r'\b(?:name|id|for)="[^"]*"')

# The application as the conftest fills it in, with what people type in plain ASCII.
DETAILS = {
    **conftest.DETAILS,
    "document_number": "ACME-1",
    "place": "Hanoi",
    "transaction_office": "5 Main Street, Hanoi",
    "legal_representative": "John Smith, CEO",
    "legal_representative_contact": "5 Main Street, Hanoi",
    "signer_name": "John Smith",
    "head_name": "Mai Pham",
    "scheme_points": {letter: f"Point {i}." for i, (letter, _l) in enumerate(SCHEME_POINTS)},
}
SERVICES = {"operate_systems": "Customer care platform", "encryption": "Encryption at rest"}
# The qualified staff's details and diploma, typed in plain ASCII.
STAFF_DETAILS = dict(
    email="staff@example.com", degree_field="Law", training="PDP course, 10/2025", diploma="Diploma"
)


def leaks(text: str, verbatim=()) -> list[str]:
    """Return each Vietnamese letter of ``text`` in its context (none when it reads English).

    ``verbatim`` are texts that read the same in every language: the numbers of documents (the
    default number of a revocation decision ends in "QĐ-TH", "quyết định" in Vietnamese) and
    data a person typed.
    """
    for masked in (*MASKED, *verbatim):
        text = text.replace(masked, "")
    text = IDENTIFIERS.sub("", text)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in VIETNAMESE.finditer(text)]


@pytest.fixture
def acme(db):
    organization = factories.make_organization(
        name="Acme", head_office="1 Main Street, Hanoi", name_foreign="Acme Ltd"
    )
    factories.make_contact(
        organization, name="Lan Tran", position="Legal", email="lan@example.com", phone="024 1234"
    )
    return organization


@pytest.fixture
def people(acme):
    dpo = factories.make_user("acme-dpo", first_name="Lan", last_name="Tran")
    factories.add_member(acme, dpo, "dpo")
    reviewer = factories.make_regulator("agency")
    return dpo, reviewer


def add_staff(application, actor, name):
    return conftest.add_staff(application, actor, name, "Engineer", "legal", **STAFF_DETAILS)


def fill_in(application, actor):
    conftest.fill_in(
        application,
        actor,
        details=DETAILS,
        chosen=SERVICES,
        documents=[(kind, kind) for kind in ("registration", "designation", "scheme")],
        staff=[(name, "Engineer", "legal") for name in ("Anna Le", "Binh Do", "Chau Vo")],
        **STAFF_DETAILS,
    )


def submitted(organization, dpo):
    application = services.application_create(actor=dpo, organization=organization)
    fill_in(application, dpo)
    services.application_submit(actor=dpo, application=application)
    return application


def granted(organization, dpo, reviewer):
    """Return an application found complete and granted, and its certificate."""
    application = submitted(organization, dpo)
    services.application_complete(actor=reviewer, application=application)
    return application, services.application_grant(actor=reviewer, application=application)


@pytest.fixture
def walked(acme, people, time_machine):
    """Every state change of certification, made by Vietnamese-speaking actors."""
    time_machine.move_to(START, tick=False)
    dpo, reviewer = people
    with translation.override("vi"):
        application = services.application_create(actor=dpo, organization=acme)
        fill_in(application, dpo)
        extra = add_staff(application, dpo, "Dan Ho")
        services.staff_delete(actor=dpo, staff=extra)
        other = services.enclosure_add(
            actor=dpo, application=application, upload=conftest.pdf_upload("x.pdf"), kind="other"
        )
        services.enclosure_record_view(actor=dpo, enclosure=other)
        services.enclosure_delete(actor=dpo, enclosure=other)
    # Submitted, supplemented, found complete and granted through the pages, in Vietnamese.
    staff_client = reader(dpo, "vi")
    staff_client.post(reverse("certification:application_submit", args=[application.pk]))
    agency = reader(reviewer, "vi")
    agency.post(
        reverse("certification_regulator:request_supplement", args=[application.pk]),
        {"message": "Please add the scheme"},
    )
    staff_client = reader(dpo, "vi")
    staff_client.post(
        reverse("certification:application_submit", args=[application.pk]), {"note": "Added"}
    )
    agency = reader(reviewer, "vi")
    agency.post(reverse("certification_regulator:complete", args=[application.pk]))
    agency.post(
        reverse("certification_regulator:grant", args=[application.pk]),
        {"signer_name": "Nguyen Van An", "signer_title": "Director"},
    )
    first = Certificate.objects.get(application=application)
    with translation.override("vi"):
        # Form 06: a reissue granted, a replacement refused, a reissue left pending.
        change = services.certificate_request_change(
            actor=dpo, certificate=first, kind="reissue", reason="Lost"
        )
        second = services.certificate_change_grant(
            actor=reviewer, change=change, signer_title="Director"
        )
        change = services.certificate_request_change(
            actor=dpo,
            certificate=second,
            kind="replace",
            reason="New address",
            changes="Address",
            uploads=[conftest.pdf_upload("proof.pdf")],
        )
        services.certificate_change_refuse(actor=reviewer, change=change, reason="No proof")
        services.certificate_request_change(
            actor=dpo, certificate=second, kind="reissue", reason="Damaged"
        )
        # Form 07 on point (đ) of Art. 27(1), then the certificate comes back.
        services.certificate_revoke(
            actor=reviewer, certificate=second, ground="requested", signer_title="Director"
        )
        time_machine.move_to(START + dt.timedelta(days=1), tick=False)
        services.certificate_record_return(actor=dpo, certificate=second)
        # A second application refused, a third withdrawn.
        refused = submitted(acme, dpo)
        services.application_refuse(actor=reviewer, application=refused, reason="Incomplete")
        withdrawn = services.application_create(actor=dpo, organization=acme)
        services.application_withdraw(actor=dpo, application=withdrawn)
        # A fourth waits for the agency's decision: its pages show the decision forms.
        in_review = submitted(acme, dpo)
        services.application_complete(actor=reviewer, application=in_review)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Certificate.Status.REVOKED and second.returned_at is not None
    return {
        "applications": [application, refused, withdrawn, in_review],
        "certificates": [first, second],
        "changes": list(first.change_requests.all()) + list(second.change_requests.all()),
    }


def staff_urls(acme, walked) -> list[str]:
    urls = [reverse("dashboard"), reverse("certification:index"), reverse("clock:deadlines")]
    for application in walked["applications"]:
        urls.append(reverse("certification:application", args=[application.pk]))
    application = walked["applications"][0]
    for name in ("application_edit", "application_services", "staff_new"):
        urls.append(reverse(f"certification:{name}", args=[application.pk]))
    for certificate in walked["certificates"]:
        urls.append(reverse("certification:certificate", args=[certificate.pk]))
    urls.append(reverse("certification:change_new", args=[walked["certificates"][1].pk]))
    # The audit trail, one certification action at a time (the clocks' events are the clock's).
    audit = reverse("audit:organization", args=[acme.pk])
    actions = (
        AuditEvent.objects.filter(organization=acme, action__startswith="certification.")
        .values_list("action", flat=True)
        .distinct()
    )
    urls += [f"{audit}?action={action}" for action in sorted(actions)]
    return urls


def regulator_urls(walked) -> list[str]:
    urls = [reverse("regulator:inbox") + "?kind=application&kind=certificate_change"]
    urls += [
        reverse("certification_regulator:application", args=[a.pk])
        for a in walked["applications"]
        if a.status != "withdrawn"
    ]
    urls += [
        reverse("certification_regulator:certificate", args=[c.pk]) for c in walked["certificates"]
    ]
    urls += [reverse("certification_regulator:change", args=[c.pk]) for c in walked["changes"]]
    return urls


def public_urls(walked) -> list[str]:
    urls = [reverse("certification_public:registry")]
    urls += [
        reverse("certification_public:verify", args=[c.number]) for c in walked["certificates"]
    ]
    return urls


def api_urls(walked) -> list[str]:
    urls = ["/api/v1/certificate-applications/", "/api/v1/certificates/", "/api/v1/deadlines/"]
    urls += [f"/api/v1/certificate-applications/{a.pk}/" for a in walked["applications"]]
    urls += [f"/api/v1/certificates/{c.pk}/" for c in walked["certificates"]]
    return urls


def document_numbers(walked) -> list[str]:
    return [c.revocation_number for c in walked["certificates"] if c.revocation_number]


def typed_by_the_agency(reviewer) -> list[str]:
    """Return the reviewer's position and unit, data the grant form offers as "proposed by"."""
    profile = reviewer.regulator_profile
    return [text for text in (profile.position, profile.unit) if text]


def read_all(client, urls, verbatim, **headers) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        text = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            text = text.encode().decode("unicode_escape")
        if leaked := leaks(text, verbatim):
            found[url] = leaked
    return found


def test_an_english_reader_reads_no_vietnamese(client, acme, people, walked):
    dpo, reviewer = people
    verbatim = document_numbers(walked) + typed_by_the_agency(reviewer)
    found = {}
    found |= read_all(reader(dpo, "en"), staff_urls(acme, walked), verbatim)
    found |= read_all(reader(reviewer, "en"), regulator_urls(walked), verbatim)
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found |= read_all(client, public_urls(walked), verbatim)
    api = reader(dpo, "en")
    found |= read_all(api, api_urls(walked), verbatim, HTTP_ACCEPT_LANGUAGE="en")
    agency_api = reader(reviewer, "en")
    found |= read_all(agency_api, api_urls(walked)[:2], verbatim, HTTP_ACCEPT_LANGUAGE="en")
    count = sum(len(texts) for texts in found.values())
    report = "\n".join(f"{url}: {texts[:3]}" for url, texts in found.items())
    assert not found, f"{count} Vietnamese letters on {len(found)} pages:\n{report}"


def test_notifications_and_the_audit_trail_read_in_english(acme, people, walked):
    with translation.override("en"):
        texts = [n.text for n in Notification.objects.all()]
        texts += [e.summary for e in AuditEvent.objects.filter(action__startswith="certification.")]
        texts += [e.text for e in ApplicationEvent.objects.all()]
    assert texts
    assert [t for t in texts if leaks(t, document_numbers(walked))] == []


def test_what_an_english_speaker_wrote_reads_in_vietnamese(acme, people, time_machine):
    time_machine.move_to(START, tick=False)
    dpo, reviewer = people
    with translation.override("en"):
        application, certificate = granted(acme, dpo, reviewer)
        services.certificate_revoke(actor=reviewer, certificate=certificate, ground="requested")
    certificate.refresh_from_db()
    with translation.override("vi"):
        grant = application.events.get(kind="grant").text
        assert grant == f"Giấy chứng nhận số {certificate.number}"
        summary = AuditEvent.objects.get(action="certification.grant").summary
        assert summary == f"Cấp giấy chứng nhận {certificate.number} cho Acme"
        assert certificate.revocation_notice_text.startswith("Cơ quan chuyên trách")
        assert "điểm đ khoản 1 Điều 27" in certificate.revocation_notice_text
        titles = {n.text for n in Notification.objects.filter(user=dpo)}
        assert f"Đã được cấp giấy chứng nhận số {certificate.number}" in titles
    with translation.override("en"):
        assert "Certificate" in application.events.get(kind="grant").text
        assert "Art. 27(1)(dd)" in certificate.revocation_notice_text


def test_the_organisations_e_mail_is_in_one_language_whatever_the_agency_reads(
    acme, people, time_machine
):
    """The agency acting in English e-mails the DPO in the DPO's language, title included."""
    time_machine.move_to(START, tick=False)
    dpo, reviewer = people
    with translation.override("vi"):
        application = submitted(acme, dpo)
    with translation.override("en"):
        services.application_complete(actor=reviewer, application=application)
    mail = OutboxMessage.objects.get(recipient=dpo.email)
    assert mail.language == settings.LANGUAGE_CODE
    with translation.override(mail.language):
        wanted = render_message(
            "Hồ sơ %(ref)s đã đầy đủ, hợp lệ và đang được thẩm định", {"ref": application.reference}
        )
    assert mail.subject == wanted
    assert wanted in mail.body_text


def test_texts_the_portal_wrote_before_become_message_keys(acme, people, time_machine):
    """Rows written as finished text, in either language, read in the reader's once migrated."""
    time_machine.move_to(START, tick=False)
    dpo, reviewer = people
    with translation.override("vi"):
        application, certificate = granted(acme, dpo, reviewer)
        services.certificate_request_change(
            actor=dpo, certificate=certificate, kind="reissue", reason="Lost"
        )
        services.certificate_revoke(actor=reviewer, certificate=certificate, ground="requested")
    certificate.refresh_from_db()
    event = application.events.get(kind="grant")
    change = certificate.change_requests.get()
    # As the portal wrote them before: finished text, the event in English, the rest in Vietnamese.
    with translation.override("en"):
        written = event.text
    with translation.override("vi"):
        notice = certificate.revocation_notice_text
        reason = change.decision_reason_text
    ApplicationEvent.objects.filter(pk=event.pk).update(
        message=written, system_message="", system_params={}
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        revocation_notice=notice, revocation_notice_message="", revocation_notice_params={}
    )
    ChangeRequest.objects.filter(pk=change.pk).update(decision_reason=reason, decision_message="")
    typed = ApplicationEvent.objects.create(
        application=application, kind="grant", message="Certificate No. 12 (by hand)"
    )

    migration.to_keys(django_apps, None)

    for row in (event, certificate, change, typed):
        row.refresh_from_db()
    assert typed.system_message == "" and typed.message == "Certificate No. 12 (by hand)"
    with translation.override("vi"):
        assert event.text == f"Giấy chứng nhận số {certificate.number}"
        assert certificate.revocation_notice_text == notice
        assert change.decision_reason_text == reason
    with translation.override("en"):
        assert event.text == written
        assert "Art. 27(1)(dd)" in certificate.revocation_notice_text
        assert change.decision_reason_text == "The certificate has been revoked."
