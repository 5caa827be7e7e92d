import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from breaches import services
from breaches.models import NOTIFY_AGENCY, Breach, BreachSubmission, InvalidTransition
from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.calendars import clear_cache
from pdp_portal.clock.models import CalendarYear, Deadline
from pdp_portal.organizations.models import ProtectionContact

from .conftest import DISCOVERED, make_breach

pytestmark = pytest.mark.django_db


def test_it_refuses_a_discovery_in_the_future(org, dpo, at_discovery):
    with pytest.raises(ValidationError) as exc:
        make_breach(org, dpo, discovered_at=DISCOVERED + dt.timedelta(days=1))
    assert "discovered_at" in exc.value.message_dict
    assert not Breach.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject_count", -1),
        ("record_count", -5),
        ("subject_count", 10**11),
        ("record_count", 10**16),
    ],
)
def test_it_refuses_negative_or_absurd_volumes(org, dpo, at_discovery, field, value):
    with pytest.raises(ValidationError) as exc:
        make_breach(org, dpo, **{field: value})
    assert field in exc.value.message_dict


def test_it_refuses_an_occurrence_after_discovery(org, dpo, at_discovery):
    with pytest.raises(ValidationError) as exc:
        make_breach(org, dpo, occurred_from=DISCOVERED + dt.timedelta(minutes=10))
    assert "occurred_from" in exc.value.message_dict


def test_record_numbers_per_organisation_and_audits(org, other_org, dpo, outsider, at_discovery):
    a = make_breach(org, dpo)
    b = make_breach(org, dpo)
    c = make_breach(other_org, outsider)
    assert (a.reference, b.reference, c.reference) == (
        "VP-2026-0001",
        "VP-2026-0002",
        "VP-2026-0001",
    )
    assert AuditEvent.objects.filter(action="breach.record").count() == 3


def test_submit_refuses_an_incomplete_notification(org, dpo, at_discovery):
    breach = make_breach(org, dpo, complete=False)
    with pytest.raises(ValidationError, match="Điều 28"):
        services.breach_submit(actor=dpo, breach=breach)
    assert not BreachSubmission.objects.exists()


def test_submit_needs_the_dpo_contact(org, dpo, at_discovery):
    ProtectionContact.objects.filter(organization=org).delete()
    breach = make_breach(org, dpo)
    with pytest.raises(ValidationError, match="đầu mối"):
        services.breach_submit(actor=dpo, breach=breach)


def test_initial_submission_meets_the_agency_clock(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    submission = services.breach_submit(actor=dpo, breach=breach, signer_name="Trần Văn Minh")
    breach.refresh_from_db()
    assert submission.version == 1 and submission.kind == "initial"
    assert submission.within_deadline is True
    assert bytes(submission.pdf).startswith(b"%PDF")
    assert breach.status == "notified" and breach.review_status == "received"
    assert services.breach_deadlines(breach)[NOTIFY_AGENCY].status == Deadline.Status.MET


def test_a_late_notification_needs_a_reason(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    at_discovery.move_to(DISCOVERED + dt.timedelta(hours=80))
    with pytest.raises(ValidationError) as exc:
        services.breach_submit(actor=dpo, breach=breach)
    assert "late_reason" in exc.value.message_dict
    submission = services.breach_submit(
        actor=dpo, breach=breach, late_reason="Chưa xác định được phạm vi."
    )
    assert submission.within_deadline is False
    deadline = services.breach_deadlines(breach)[NOTIFY_AGENCY]
    assert deadline.status == Deadline.Status.MET and deadline.breached_at is not None


def test_supplements_are_new_versions_and_the_first_stays_unchanged(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    first = services.breach_submit(actor=dpo, breach=breach)
    services.breach_update(actor=dpo, breach=breach, location="Hà Nội và TP. Hồ Chí Minh")
    with pytest.raises(ValidationError):
        services.breach_submit(actor=dpo, breach=breach)  # a supplement says what is new
    second = services.breach_submit(actor=dpo, breach=breach, note="Thêm địa điểm thứ hai.")
    first.refresh_from_db()
    assert (second.version, second.kind) == (2, "supplement")
    assert first.snapshot["violation"]["location"] == "Trung tâm dữ liệu Hòa Lạc, Hà Nội"
    assert second.snapshot["violation"]["location"] == "Hà Nội và TP. Hồ Chí Minh"


def test_the_lifecycle_moves_only_along_the_table(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    with pytest.raises(InvalidTransition):
        services.breach_remediate(actor=dpo, breach=breach)
    with pytest.raises(InvalidTransition):
        services.breach_close(actor=dpo, breach=breach)
    services.breach_submit(actor=dpo, breach=breach)
    services.breach_contain(actor=dpo, breach=breach)
    with pytest.raises(InvalidTransition):
        services.breach_contain(actor=dpo, breach=breach)
    services.breach_remediate(actor=dpo, breach=breach)
    services.breach_close(actor=dpo, breach=breach)
    breach.refresh_from_db()
    assert breach.status == "closed"
    with pytest.raises(InvalidTransition):
        services.breach_update(actor=dpo, breach=breach, location="x")


def test_it_refuses_to_close_while_a_notice_is_still_due(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    services.breach_contain(actor=dpo, breach=breach)
    services.breach_remediate(actor=dpo, breach=breach)
    with pytest.raises(InvalidTransition, match="breach.notify_agency"):
        services.breach_close(actor=dpo, breach=breach)


def test_deletion_is_refused_before_remediation_and_inside_retention(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    with pytest.raises(InvalidTransition):
        services.breach_delete(actor=dpo, breach=breach)
    services.breach_submit(actor=dpo, breach=breach)
    services.breach_contain(actor=dpo, breach=breach)
    services.breach_remediate(actor=dpo, breach=breach)
    with pytest.raises(InvalidTransition):
        services.breach_delete(actor=dpo, breach=breach)
    assert Breach.objects.filter(pk=breach.pk).exists()


def test_the_database_refuses_an_early_delete_by_anyone(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    with pytest.raises(IntegrityError), transaction.atomic():
        Breach.objects.filter(pk=breach.pk).delete()
    assert Breach.objects.filter(pk=breach.pk).exists()


def test_deletion_is_allowed_after_the_retention_period(org, dpo):
    import time_machine

    # Remediated in 2020: the retention period (breach.keep_record) ended in 2025.
    CalendarYear.objects.get_or_create(year=2020)
    clear_cache()
    start = DISCOVERED.replace(year=2020)
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        breach = make_breach(org, dpo, discovered_at=start)
        services.breach_submit(actor=dpo, breach=breach)
        services.breach_contain(actor=dpo, breach=breach)
        services.breach_remediate(actor=dpo, breach=breach)
    breach.refresh_from_db()
    assert breach.retain_until is not None and breach.retain_until.year == 2025
    keep = services.breach_deadlines(breach)["breach.keep_record"]
    assert keep.started_at == breach.remediated_at
    services.breach_delete(actor=dpo, breach=breach)
    assert not Breach.objects.filter(pk=breach.pk).exists()
    assert AuditEvent.objects.filter(action="breach.delete").exists()


def test_review_moves_and_info_request_round_trip(org, dpo, regulator, at_discovery):
    breach = make_breach(org, dpo)
    with pytest.raises(InvalidTransition):
        services.breach_acknowledge(actor=regulator, breach=breach)  # never a draft
    services.breach_submit(actor=dpo, breach=breach)
    services.breach_acknowledge(actor=regulator, breach=breach)
    request = services.breach_request_info(actor=regulator, breach=breach, message="Nhật ký?")
    breach.refresh_from_db()
    assert services.open_info_request(breach) == request
    services.breach_submit(actor=dpo, breach=breach, note="Gửi nhật ký.", answers_request=request)
    breach.refresh_from_db()
    assert breach.review_status == "supplemented"
    services.breach_review_close(actor=regulator, breach=breach)
    with pytest.raises(InvalidTransition):
        services.breach_submit(actor=dpo, breach=breach, note="Sau khi đóng")
    with pytest.raises(InvalidTransition):
        services.breach_acknowledge(actor=regulator, breach=breach)


def test_request_info_needs_a_message(org, dpo, regulator, at_discovery):
    breach = make_breach(org, dpo)
    services.breach_submit(actor=dpo, breach=breach)
    with pytest.raises(ValidationError):
        services.breach_request_info(actor=regulator, breach=breach, message="  ")
