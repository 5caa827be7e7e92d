"""What the portal wrote about an organisation and its clocks reads in the reader's language.

Vietnamese-speaking people create an organisation, change it, manage its members and contacts,
run its clocks (opened, extended, given a responsible person, met, cancelled, moved by a calendar
change, overdue) and rotate their calendar feed; an English-speaking colleague then reads every
page, the audit trail, the notifications and the API: no Vietnamese may remain but the language
switch.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock import services as clock
from pdp_portal.notices.models import Notification
from pdp_portal.organizations import services
from pdp_portal.organizations.models import Membership, Organization
from tests.factories import make_user
from tests.reader_language import (
    browser,
    json_leaks,
    leaks,
    notification_pages,
    texts_with_vietnamese,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0, tzinfo=VN), tick=False) as traveller:
        yield traveller


def create(client) -> Organization:
    response = client.post(
        reverse("organizations:create"),
        {
            "name": "Acme",
            "tax_code": "0312345678",
            "head_office": "1 Main Street",
            "size_class": "medium",
            "calendar": "statutory",
            "slug": "acme",
            "data_subject_count": "0",
            "roles": ["controller"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Organization.objects.get(slug="acme")


def open_clock(acme, rule, subject, ref, **extra):
    return clock.deadline_open(
        organization=acme,
        rule=rule,
        subject=subject,
        started_at=START,
        label_params={"ref": ref},
        **extra,
    )


def walk(traveller) -> dict:
    """Do everything the organisation and its clocks can go through, in Vietnamese."""
    root = make_user("root", is_staff=True, is_superuser=True)
    dpo, staff, reader = (make_user(n) for n in ("an", "binh", "eve"))
    admin = browser(root, "vi")
    acme = create(admin)
    with translation.override("vi"):
        services.membership_set(actor=root, organization=acme, user=dpo, role="dpo")
        services.regulator_grant(actor=root, user=make_user("officer"))
    writer = browser(dpo, "vi")

    # Details, a protection contact, members added, changed and removed (pages and API).
    edit = {
        "name": "Acme",
        "name_foreign": "Acme Ltd",
        "tax_code": "0312345678",
        "head_office": "2 Main Street",
        "phone": "024 3825 0123",
        "size_class": "small",
        "calendar": "statutory",
        "slug": "acme",
        "data_subject_count": "10",
        "roles": ["controller"],
    }
    response = writer.post(reverse("organizations:edit", args=[acme.pk]), edit)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = writer.post(
        reverse("organizations:contact_create", args=[acme.pk]),
        {
            "kind": "staff",
            "name": "Chi",
            "email": "chi@example.vn",
            "phone": "0912 345 789",
            "is_primary": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    members = reverse("organizations:members", args=[acme.pk])
    for role in ("viewer", "staff"):
        assert writer.post(members, {"username": "binh", "role": role}).status_code == 302
    assert writer.post(members, {"username": "eve", "role": "dpo"}).status_code == 302
    mallory = make_user("mallory")
    api = f"/api/v1/organizations/{acme.pk}/"
    assert (
        writer.post(api + "memberships/", {"username": "mallory", "role": "viewer"}).status_code
        == 201
    )
    gone = Membership.objects.get(user=mallory)
    assert writer.delete(f"{api}memberships/{gone.pk}/").status_code == 204
    temp = Membership.objects.get(user=staff)
    assert (
        writer.post(reverse("organizations:member_remove", args=[acme.pk, temp.pk])).status_code
        == 302
    )
    assert (
        writer.patch(api, {"phone": "024 3825 0456"}, content_type="application/json").status_code
        == 200
    )

    # Clocks: opened, extended, given a responsible person, met, cancelled, moved, overdue.
    with translation.override("vi"):
        filing = open_clock(acme, "dossier.file", acme, "HS-7")
        access = open_clock(acme, "rights.access.fulfil", filing, "YC-1", responsible=dpo)
        clock.deadline_extend(deadline=access, days=3, reason="Many systems", actor=dpo)
        clock.deadlines_set_responsible(subject=acme, responsible=dpo, actor=dpo)
        met = open_clock(acme, "rights.respond", access, "YC-1")
        clock.deadline_meet(deadline=met, actor=dpo)
        late = open_clock(acme, "rights.cease.fulfil", met, "YC-2")
        dropped = open_clock(acme, "rights.erase.fulfil", late, "YC-3")
        clock.deadline_cancel(deadline=dropped, actor=dpo, reason="Withdrawn")
    # A day off added in the admin moves the running clocks, and tells their people.
    response = admin.post(
        "/admin/clock/calendaradjustment/add/",
        {
            "date": "2026-03-16",
            "kind": "day_off",
            "calendar": "statutory",
            "name_vi": "Nghi thu",
            "name_en": "Test day off",
            "legal_document": "QD 1",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for _twice in range(2):
        assert writer.post(reverse("clock:feed_rotate")).status_code == 302
    # Reminders of every stage, then overdue.
    for day in (10, 13, 20, 40):
        traveller.move_to(dt.datetime(2026, 3, 1, 9, 0, tzinfo=VN) + dt.timedelta(days=day))
        with translation.override("vi"):
            clock.sweep()
    with translation.override("vi"):
        clock.deadline_meet(deadline=late, actor=dpo)
    return {"acme": acme, "dpo": dpo, "reader": reader, "deadlines": [filing, access, met, late]}


def test_an_english_reader_reads_no_vietnamese(_now):
    made = walk(_now)
    acme = made["acme"]
    client = browser(made["reader"], "en")
    pages = [
        reverse("dashboard"),
        reverse("organizations:list"),
        reverse("organizations:detail", args=[acme.pk]),
        reverse("organizations:members", args=[acme.pk]),
        reverse("audit:organization", args=[acme.pk]),
        reverse("clock:deadlines"),
        *(reverse("clock:deadline_detail", args=[d.pk]) for d in made["deadlines"]),
    ]
    pages += notification_pages()
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = leaks(response.content.decode())
    for url in [
        "/api/v1/organizations/",
        f"/api/v1/organizations/{acme.pk}/",
        f"/api/v1/organizations/{acme.pk}/memberships/",
        "/api/v1/deadlines/",
        *(f"/api/v1/deadlines/{d.pk}/" for d in made["deadlines"]),
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        found[url] = json_leaks(response.json())
    with translation.override("en"):
        found["audit"] = texts_with_vietnamese(e.summary for e in AuditEvent.objects.all())
        notifications = list(Notification.objects.all())
        found["notifications"] = texts_with_vietnamese(n.text for n in notifications)
    # Each kind of event was written (the walk is complete) and was read above.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "organization.create",
        "organization.update",
        "membership.set",
        "membership.remove",
        "contact.create",
        "regulator.grant",
        "deadline.open",
        "deadline.extend",
        "deadline.responsible",
        "deadline.meet",
        "deadline.cancel",
        "deadline.recompute",
        "deadline.overdue",
        "clock.calendaradjustment.create",
        "calendar_feed.create",
        "calendar_feed.rotate",
    } <= actions
    assert {n.key.split(":")[0] for n in notifications} >= {"clock.reminder", "clock.moved"}
    found = {where: texts for where, texts in found.items() if texts}
    assert found == {}, f"{sum(map(len, found.values()))} Vietnamese texts: {found}"


def test_what_an_english_speaker_did_reads_in_vietnamese():
    root = make_user("root", is_staff=True, is_superuser=True)
    acme = create(browser(root, "en"))
    dpo = make_user("an")
    with translation.override("en"):
        services.membership_set(actor=root, organization=acme, user=dpo, role="dpo")
        services.organization_update(actor=root, organization=acme, head_office="2 Main Street")
        deadline = open_clock(acme, "dossier.file", acme, "HS-7")
        clock.deadline_cancel(deadline=deadline, actor=root, reason="Test")
    page = browser(dpo, "vi").get(reverse("audit:organization", args=[acme.pk])).content.decode()
    for vietnamese in (
        "Tạo tổ chức Acme",
        "Cập nhật thông tin tổ chức: địa chỉ trụ sở chính",
        "Vai trò của an: - → Phụ trách bảo vệ dữ liệu (DPO)",
        "Hủy thời hạn dossier.file",
    ):
        assert vietnamese in page
    for english in ("Organisation Acme created", "head office", "Clock dossier.file cancelled"):
        assert english not in page
