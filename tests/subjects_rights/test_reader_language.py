"""Whatever the portal wrote about a request reads in the reader's language, not the writer's.

Vietnamese-speaking staff and a Vietnamese data subject walk requests through every state; an
English-speaking colleague then reads every page, the audit trail and the API: no Vietnamese may
remain but what people typed and what the data subject was sent (in their own language).
"""

import datetime as dt
import importlib
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from pdp_portal.audit.models import AuditEvent
from pdp_portal.notices.models import Notification, OutboxMessage
from pdp_portal.notices.services import outbox_render
from subjects_rights import services
from subjects_rights.models import RequestEvent, RightsRequest
from tests.factories import PDF, add_member, make_organization, make_user
from tests.reader_language import (
    browser,
    json_leaks,
    leaks,
    notification_pages,
    texts_with_vietnamese,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MIGRATION = importlib.import_module("subjects_rights.migrations.0002_event_message_params")
# What the data subject was sent (in the language they wrote in), the ready-made answers in their
# language: kept as they are, so masked.
SENT_TO_SUBJECT = [
    re.compile(r'<div class="body">.*?</div>', re.S),
    re.compile(r"<textarea[^>]*>.*?</textarea>", re.S),
    re.compile(r'<pre class="explain">.*?</pre>', re.S),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN), tick=False):
        yield


def sent_to_subject(key, parent) -> bool:
    return key == "body" and "kind" in parent


@pytest.fixture
def acme(db):
    return make_organization(name="Acme", head_office="1 Main Street", slug="acme")


@pytest.fixture
def people(acme):
    dpo, staff, reader = (
        make_user(name, first_name=name.title()) for name in ("an", "binh", "eve")
    )
    add_member(acme, dpo, "dpo")
    add_member(acme, staff, "staff")
    add_member(acme, reader, "dpo")
    return dpo, staff, reader


def tracking_path(request) -> str:
    for message in OutboxMessage.objects.filter(key__startswith="rights.message:"):
        body = outbox_render(message).body_text
        match = re.search(r"https?://[^/]+(/track/[^/]+/)", body)
        if match and request.reference in body:
            return match.group(1)
    raise AssertionError("no tracking link")


def file_publicly(client, acme, key: str) -> RightsRequest:
    """File a request through the public form and confirm it, as a Vietnamese data subject."""
    response = client.post(
        reverse("rights_public:form", args=[acme.slug]),
        {
            "request_type": "erase",
            "full_name": "Tran Binh",
            "email": f"{key}@example.vn",
            "phone": "",
            "relationship": "customer",
            "description": "Please erase my data",
            "website": "",
            "idempotency_key": key,
        },
    )
    assert response.status_code == 302
    request = RightsRequest.objects.get(idempotency_key=key)
    body = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")).body_text
    confirm = re.search(r"https?://[^/]+(/r/confirm/[^/]+/)", body).group(1)
    assert client.post(confirm).status_code == 302
    request.refresh_from_db()
    return request


def enter_at_counter(acme, dpo) -> RightsRequest:
    request, _token, _new = services.request_enter(
        actor=dpo,
        organization=acme,
        channel="counter",
        received_at=dt.datetime(2026, 3, 9, 15, 0, tzinfo=VN),
        request_type="withdraw_consent",
        full_name="Le An",
        email="an@example.vn",
        description="Stop the newsletter",
    )
    return request


def walk(acme, dpo, staff) -> dict:
    """Walk requests through every state as Vietnamese-speaking people; return what to read."""
    subject = browser(None, "vi")
    writer = browser(dpo, "vi")

    # 1. Public form, confirmed; assigned, answered, extended, a processor acts, a message, done.
    done = file_publicly(subject, acme, "k-done")
    detail = reverse("subjects_rights:detail", args=[done.pk])
    for action, data in [
        ("assign", {"assignee": staff.pk}),
        ("respond", {"body": "We will erase it"}),
        ("extend", {"days": 5, "reason": "Many systems"}),
        (
            "third_party",
            {"party_kind": "processor", "party_name": "Acme Cloud", "description": "Erase"},
        ),
        ("message", {"body": "Please send your customer number"}),
    ]:
        response = writer.post(reverse(f"subjects_rights:{action}", args=[done.pk]), data)
        assert response.status_code == 302, (action, response.content.decode()[:3000])
    action = done.third_party_actions.get()
    writer.post(reverse("subjects_rights:third_party_done", args=[done.pk, action.pk]), {})
    writer.post(
        reverse("subjects_rights:fulfil", args=[done.pk]),
        {"note": "Erased", "evidence": [_pdf()]},
    )
    writer.get(detail)  # the view of the request's data is audited
    attachment = done.attachments.get()
    writer.get(reverse("subjects_rights:attachment", args=[done.pk, attachment.pk]))
    writer.get(reverse("subjects_rights:acknowledgement", args=[done.pk]))

    # 2. Entered at the counter by staff, refused on a legal ground.
    with translation.override("vi"):
        refused = enter_at_counter(acme, dpo)
    writer.post(
        reverse("subjects_rights:refuse", args=[refused.pk]),
        {"ground": "law_19", "detail": "Contract"},
    )

    # 3. Withdrawn by the data subject on the tracking page.
    withdrawn = file_publicly(subject, acme, "k-withdrawn")
    track = tracking_path(withdrawn)
    assert subject.post(track + "withdraw/").status_code == 302

    # 4. Never confirmed: deleted after its expiry, which the audit trail keeps.
    with translation.override("vi"):
        expired, _created = services.request_submit(
            organization=acme,
            request_type="access",
            full_name="Nobody",
            email="nobody@example.vn",
            description="Show me",
        )
        services.requests_expire_unverified(now=expired.expires_at + dt.timedelta(seconds=1))

    # 5. A filing key for the organisation's app, made and revoked; the request log exported.
    writer.post(reverse("subjects_rights:intake_keys", args=[acme.pk]), {"name": "Shop app"})
    with translation.override("vi"):
        key = acme.rights_intake_keys.get()
        services.intake_key_revoke(actor=dpo, key=key)
    writer.get(reverse("subjects_rights:export_csv"))
    return {"done": done, "refused": refused, "withdrawn": withdrawn, "track": track}


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf")


def test_an_english_reader_reads_no_vietnamese(acme, people):
    dpo, staff, reader = people
    made = walk(acme, dpo, staff)
    client = browser(reader, "en")
    found: dict[str, list[str]] = {}
    pages = [
        reverse("dashboard"),
        reverse("subjects_rights:inbox") + "?status=all",
        reverse("stats:page"),
        reverse("audit:organization", args=[acme.pk]),
        reverse("clock:deadlines"),
    ]
    for name in ("done", "refused", "withdrawn"):
        pages.append(reverse("subjects_rights:detail", args=[made[name].pk]))
    pages += [reverse("clock:deadline_detail", args=[d.pk]) for d in made["done"].deadlines.all()]
    pages += notification_pages()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = leaks(response.content.decode(), SENT_TO_SUBJECT)
    found["track"] = leaks(browser(None, "en").get(made["track"]).content.decode(), SENT_TO_SUBJECT)
    for url in [
        "/api/v1/rights-requests/",
        *(f"/api/v1/rights-requests/{made[n].pk}/" for n in ("done", "refused", "withdrawn")),
        "/api/v1/deadlines/",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        found[url] = json_leaks(response.json(), sent_to_subject)
    # Everything that was written for people to read later, as the reader gets it.
    with translation.override("en"):
        found["audit"] = texts_with_vietnamese(e.summary for e in AuditEvent.objects.all())
        found["timeline"] = texts_with_vietnamese(map(event_text, RequestEvent.objects.all()))
        found["notifications"] = texts_with_vietnamese(n.text for n in Notification.objects.all())
    found = {where: texts for where, texts in found.items() if texts}
    assert found == {}, f"{sum(map(len, found.values()))} Vietnamese texts: {found}"


def event_text(event) -> str:
    return event.text if hasattr(event, "text") else event.note


def test_what_an_english_speaker_did_reads_in_vietnamese(acme, people):
    dpo, _staff, reader = people
    with translation.override("en"):
        request = enter_at_counter(acme, dpo)
        services.request_refuse(actor=dpo, request=request, ground="law_19", detail="Contract")
    client = browser(reader, "vi")
    timeline = client.get(reverse("subjects_rights:detail", args=[request.pk])).content.decode()
    assert "Trực tiếp tại quầy" in timeline
    assert "In person at the counter" not in timeline
    audit = client.get(reverse("audit:organization", args=[acme.pk])).content.decode()
    for english in ("Processing without consent", "In person at the counter"):
        assert english not in audit
    assert "Xử lý dữ liệu không cần sự đồng ý" in audit
    with translation.override("vi"):
        texts = {n.text for n in Notification.objects.filter(user=reader)}
    assert f"Yêu cầu mới {request.reference}" in texts


def test_the_migration_turns_old_timeline_texts_into_keys(acme, people):
    dpo = people[0]
    with translation.override("vi"):
        request = enter_at_counter(acme, dpo)
        services.request_refuse(actor=dpo, request=request, ground="law_19", detail="Contract")
    # As the services wrote them before: the labels as finished Vietnamese text.
    RequestEvent.objects.filter(kind="entered").update(
        message="", params={}, note="Trực tiếp tại quầy"
    )
    RequestEvent.objects.filter(kind="refused").update(message="", params={}, note="Xử lý ...")
    RequestEvent.objects.create(request=request, kind="assigned", note="Binh")

    MIGRATION.to_keys(apps, None)

    with translation.override("en"):
        texts = {e.kind: e.text for e in RequestEvent.objects.all()}
    assert texts["entered"] == "Channel: In person at the counter"
    assert texts["refused"].startswith("Ground: Processing without consent")
    assert texts["assigned"] == "Binh"  # typed by a person: left as it is
