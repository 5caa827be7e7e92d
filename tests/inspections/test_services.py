import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from inspections import services
from inspections.models import (
    Inspection,
    InvalidTransition,
    Kind,
    RemediationStatus,
    Status,
)
from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import RULES, ClockError, remediation_rule
from pdp_portal.notices.models import Notification, OutboxMessage
from tests.factories import PDF

from .conftest import VN, issue_findings, open_inspection

pytestmark = pytest.mark.django_db


def test_the_catalogue_holds_the_notice_and_the_remediation_periods():
    notice = RULES["inspection.notice"]
    assert (notice.period, notice.unit, notice.party) == (15, "days", "agency")
    assert "31(4)" in notice.basis_en
    assert remediation_rule(30) == "inspection.remediate.30"
    with pytest.raises(ClockError):
        remediation_rule(45)


def test_it_refuses_a_notice_less_than_15_days_before_the_start(org, dpo, inspector, clock):
    # Notified on Mon 2 March 2026: the 15 days are 3-17 March, so the 17th is the first day.
    early = open_inspection(org, inspector, start_date=dt.date(2026, 3, 16))
    with pytest.raises(ValidationError) as caught:
        services.inspection_notify(actor=inspector, inspection=early)
    assert "17/03/2026" in str(caught.value.message_dict["start_date"])
    early.refresh_from_db()
    assert early.status == Status.PLANNED

    on_time = open_inspection(org, inspector, start_date=dt.date(2026, 3, 17))
    services.inspection_notify(actor=inspector, inspection=on_time)
    on_time.refresh_from_db()
    assert on_time.status == Status.NOTIFIED
    clock = Deadline.objects.get(rule="inspection.notice", object_id=str(on_time.pk))
    assert clock.due_at.astimezone(VN).date() == dt.date(2026, 3, 17)


def test_an_unscheduled_inspection_starts_without_notice(org, dpo, inspector, clock):
    inspection = open_inspection(
        org, inspector, kind=Kind.EXTRAORDINARY, unscheduled=True, start_date=dt.date(2026, 3, 2)
    )
    services.inspection_start(actor=inspector, inspection=inspection)
    assert inspection.status == Status.IN_PROGRESS
    assert not Deadline.objects.filter(rule="inspection.notice").exists()
    # The organisation learns of it when it starts.
    assert Notification.objects.filter(user=dpo, key=f"inspection.start:{inspection.pk}").exists()


def test_only_an_extraordinary_inspection_may_skip_the_notice(org, inspector, clock):
    with pytest.raises(ValidationError) as caught:
        open_inspection(org, inspector, kind=Kind.REGULAR, unscheduled=True)
    assert "unscheduled" in caught.value.message_dict
    inspection = open_inspection(org, inspector)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(unscheduled=True)


def test_a_scheduled_inspection_cannot_start_unnotified_or_early(inspection, inspector, clock):
    with pytest.raises(InvalidTransition):
        services.inspection_start(actor=inspector, inspection=inspection)
    services.inspection_notify(actor=inspector, inspection=inspection)
    with pytest.raises(InvalidTransition, match="17/03/2026"):
        services.inspection_start(actor=inspector, inspection=inspection)
    clock.move_to(dt.datetime(2026, 3, 17, 8, 0, tzinfo=VN))
    services.inspection_start(actor=inspector, inspection=inspection)
    notice = Deadline.objects.get(rule="inspection.notice")
    assert notice.status == Deadline.Status.MET and notice.breached_at is None


def test_illegal_moves_are_refused(notified, inspector):
    with pytest.raises(InvalidTransition):
        services.inspection_issue_findings(actor=inspector, inspection=notified, conclusion="x")
    with pytest.raises(InvalidTransition):
        services.inspection_close(actor=inspector, inspection=notified)
    with pytest.raises(InvalidTransition):
        services.inspection_notify(actor=inspector, inspection=notified)


def test_only_the_team_acts(inspection, other_regulator):
    with pytest.raises(InvalidTransition, match="đoàn kiểm tra"):
        services.inspection_notify(actor=other_regulator, inspection=inspection)


def test_the_team_must_be_regulators(org, dpo, inspector, clock):
    with pytest.raises(ValidationError) as caught:
        open_inspection(org, inspector, team=[inspector, dpo])
    assert "team" in caught.value.message_dict


def test_notify_tells_the_dpo_and_the_team_and_is_audited(notified, dpo, inspector):
    key = f"inspection.notify:{notified.pk}"
    assert Notification.objects.filter(user=dpo, key=key).exists()
    assert Notification.objects.filter(user=inspector, key=key).exists()
    assert OutboxMessage.objects.filter(key=f"{key}:{dpo.pk}", recipient=dpo.email).exists()
    event = AuditEvent.objects.filter(action="inspection.notify").get()
    assert event.message == "Thông báo kiểm tra %(ref)s, bắt đầu ngày %(date)s"
    assert event.params["ref"] == notified.reference


def _started(notified, inspector, clock):
    finding = {
        "description": "Chưa có quy trình xóa dữ liệu.",
        "basis": "Luật 91/2025 Điều 14",
        "items": [("Ban hành quy trình xóa dữ liệu", 30)],
    }
    return issue_findings(
        notified, inspector, clock, [finding], conclusion="Cần khắc phục một điểm."
    ).get()


def test_remediation_runs_on_its_own_clock_and_is_met_when_accepted(
    notified, inspector, dpo, clock
):
    item = _started(notified, inspector, clock)
    deadline = services.item_deadline(item)
    assert deadline.rule == "inspection.remediate.30"
    # Issued on Tue 17 March: 30 days end on Thu 16 April 2026.
    assert deadline.due_at.astimezone(VN).date() == dt.date(2026, 4, 16)
    assert deadline.party == "organization"

    clock.move_to(dt.datetime(2026, 4, 1, 10, 0, tzinfo=VN))
    upload = SimpleUploadedFile("quy-trinh.pdf", PDF, content_type="application/pdf")
    services.remediation_submit(actor=dpo, item=item, note="Đã ban hành.", uploads=[upload])
    assert item.status == RemediationStatus.SUBMITTED
    assert item.evidence.get().sha256

    services.remediation_reopen(actor=inspector, item=item, reason="Thiếu chữ ký.")
    assert item.status == RemediationStatus.OPEN
    assert services.item_deadline(item).status == Deadline.Status.OPEN

    clock.move_to(dt.datetime(2026, 4, 10, 10, 0, tzinfo=VN))
    services.remediation_submit(actor=dpo, item=item, note="Đã ký.", uploads=[])
    clock.move_to(dt.datetime(2026, 4, 20, 10, 0, tzinfo=VN))
    services.remediation_accept(actor=inspector, item=item)
    deadline = services.item_deadline(item)
    # Met when the organisation acted, not when the team looked: in time.
    assert deadline.status == Deadline.Status.MET
    assert deadline.met_at.astimezone(VN).date() == dt.date(2026, 4, 10)
    assert deadline.breached_at is None


def test_a_late_item_shows_overdue_on_both_pages(notified, inspector, dpo, clock, as_user):
    item = _started(notified, inspector, clock)
    clock.move_to(dt.datetime(2026, 4, 17, 10, 0, tzinfo=VN))
    page = as_user(dpo).get(f"/inspections/{notified.pk}/")
    assert b'data-testid="overdue-count"' in page.content
    # The measure's clock is in the page's table of clocks, with its basis.
    assert b'data-rule="inspection.remediate.30" data-status="open"' in page.content
    assert "Điều 31 khoản 3, 5".encode() in page.content
    assert b'data-late="1"' in page.content
    page = as_user(inspector).get(f"/regulator/inspections/{notified.pk}/")
    assert b'data-testid="overdue-count"' in page.content
    assert item.status == RemediationStatus.OPEN


def test_a_bad_evidence_file_is_refused(notified, inspector, dpo, clock):
    item = _started(notified, inspector, clock)
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.remediation_submit(actor=dpo, item=item, note="Đã làm.", uploads=[bad])
    item.refresh_from_db()
    assert item.status == RemediationStatus.OPEN


def test_it_closes_only_when_every_item_is_accepted(notified, inspector, dpo, clock):
    item = _started(notified, inspector, clock)
    with pytest.raises(InvalidTransition):
        services.inspection_close(actor=inspector, inspection=notified)
    services.remediation_submit(actor=dpo, item=item, note="Xong.", uploads=[])
    services.remediation_accept(actor=inspector, item=item)
    services.inspection_close(actor=inspector, inspection=notified)
    assert notified.status == Status.CLOSED


def test_cancel_stops_the_notice_clock(notified, inspector, dpo):
    services.inspection_cancel(actor=inspector, inspection=notified, reason="Đổi kế hoạch.")
    assert notified.status == Status.CANCELLED
    assert Deadline.objects.get(rule="inspection.notice").status == Deadline.Status.CANCELLED
    assert Notification.objects.filter(user=dpo, key=f"inspection.cancel:{notified.pk}").exists()


# --- moving the start day (Decree 356 Art. 31(4)) ---------------------------------------------------


def test_a_notified_inspection_moves_later_and_the_organisation_is_told(notified, dpo, inspector):
    notice = Deadline.objects.get(rule="inspection.notice")
    services.inspection_reschedule(
        actor=inspector, inspection=notified, start_date=dt.date(2026, 3, 24), reason="Đoàn bận"
    )
    assert Inspection.objects.get(pk=notified.pk).start_date == dt.date(2026, 3, 24)
    assert notified.start_date == dt.date(2026, 3, 24)  # the caller's copy is refreshed
    key = f"inspection.reschedule:{notified.pk}"
    assert Notification.objects.filter(user=dpo, key=key).exists()
    assert OutboxMessage.objects.filter(key=f"{key}:{dpo.pk}").exists()
    event = AuditEvent.objects.get(action="inspection.reschedule")
    assert event.params == {"ref": notified.reference, "before": "17/03/2026", "date": "24/03/2026"}
    assert event.data == {"before": "2026-03-17", "start_date": "2026-03-24", "reason": "Đoàn bận"}
    # The notice clock runs from the notice, whatever the start day.
    assert Deadline.objects.get(pk=notice.pk).due_at == notice.due_at


def test_a_day_that_shortens_the_notice_is_refused_with_the_earliest_day(notified, inspector):
    with pytest.raises(ValidationError) as refused:
        services.inspection_reschedule(
            actor=inspector, inspection=notified, start_date=dt.date(2026, 3, 16), reason="Sớm"
        )
    text = refused.value.message_dict["start_date"][0]
    assert "02/03/2026" in text and "17/03/2026" in text and "Điều 31 khoản 4" in text
    assert Inspection.objects.get(pk=notified.pk).start_date == dt.date(2026, 3, 17)
    assert not AuditEvent.objects.filter(action="inspection.reschedule").exists()


def test_a_planned_inspection_moves_without_telling_the_organisation(inspection, dpo, inspector):
    services.inspection_reschedule(
        actor=inspector, inspection=inspection, start_date=dt.date(2026, 3, 10), reason="Sớm hơn"
    )
    assert not Notification.objects.filter(user=dpo, key__startswith="inspection.").exists()
    # Notified today, 10 March leaves less than the 15 days' notice: refused at notice time.
    with pytest.raises(ValidationError):
        services.inspection_notify(actor=inspector, inspection=inspection)


def test_moving_the_start_day_is_refused_when_it_cannot_be(
    notified, inspector, other_regulator, clock
):
    def move(actor=inspector, day=dt.date(2026, 3, 24), reason="Lý do"):
        return services.inspection_reschedule(
            actor=actor, inspection=notified, start_date=day, reason=reason
        )

    with pytest.raises(InvalidTransition):
        move(actor=other_regulator)  # not on the team
    with pytest.raises(ValidationError) as refused:
        move(reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        move(day=dt.date(2026, 3, 17))  # the day already set
    with pytest.raises(ValidationError):
        move(day=dt.date(2026, 3, 1))  # before today
    clock.move_to(dt.datetime(2026, 3, 17, 8, 0, tzinfo=VN))
    services.inspection_start(actor=inspector, inspection=notified)
    with pytest.raises(InvalidTransition):
        move(day=dt.date(2026, 3, 30))  # started already
    assert not AuditEvent.objects.filter(action="inspection.reschedule").exists()


def test_each_remediation_step_is_audited_and_told_to_the_other_side(
    notified, inspector, dpo, clock
):
    item = _started(notified, inspector, clock)
    ref, org = notified.reference, notified.organization
    clock.move_to(dt.datetime(2026, 4, 1, 10, 0, tzinfo=VN))

    services.remediation_submit(actor=dpo, item=item, note="Đã ban hành.", uploads=[])
    submitted = AuditEvent.objects.get(action="inspection.remediation.submit")
    assert submitted.params == {"item": item.pk, "ref": ref, "files": 0}
    to_team = Notification.objects.get(key__startswith=f"inspection.remediation.submit:{item.pk}:")
    assert (to_team.user, to_team.params) == (inspector, {"org": org.name, "ref": ref})
    assert to_team.url == f"/regulator/inspections/{notified.pk}/"

    services.remediation_reopen(actor=inspector, item=item, reason="Thiếu chữ ký.")
    reopened = AuditEvent.objects.get(action="inspection.remediation.reopen")
    assert (reopened.params, reopened.data) == (
        {"item": item.pk, "ref": ref},
        {"reason": "Thiếu chữ ký."},
    )
    to_org = Notification.objects.get(key__startswith=f"inspection.remediation.reopen:{item.pk}:")
    assert (to_org.user, to_org.params) == (dpo, {"ref": ref})

    services.remediation_submit(actor=dpo, item=item, note="Đã ký.", uploads=[])
    services.remediation_accept(actor=inspector, item=item)
    accepted = AuditEvent.objects.get(action="inspection.remediation.accept")
    assert accepted.params == {"item": item.pk, "ref": ref}
    to_org = Notification.objects.get(user=dpo, key=f"inspection.remediation.accept:{item.pk}")
    assert (to_org.params, to_org.url) == ({"ref": ref}, f"/inspections/{notified.pk}/")
