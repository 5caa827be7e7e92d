import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from certification import services
from certification.models import (
    Application,
    ApplicationEvent,
    Certificate,
    ChangeRequest,
    InvalidTransition,
    QualifiedStaff,
)
from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline
from pdp_portal.notices.models import OutboxMessage

from .conftest import START, add_staff, make_application, pdf_upload

pytestmark = pytest.mark.django_db


def clock(subject, rule) -> Deadline:
    return services.latest_deadlines(subject)[rule]


def test_the_whole_path_from_application_to_revocation(org, dpo, regulator, at_start):
    """Apply -> supplement -> complete -> grant -> reissue -> replace -> revoke -> return."""
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    assert application.status == Application.Status.SUBMITTED
    check = clock(application, "certificate.check")
    # Decree 356 Art. 25(3): 10 days, the agency's clock, on the public-sector calendar.
    assert check.calendar == "public_sector"
    assert check.due_at == compute("certificate.check", START, calendar="public_sector").due_at

    t1 = START + dt.timedelta(days=3, hours=2)
    at_start.move_to(t1)
    services.application_request_supplement(
        actor=regulator, application=application, message="Bổ sung bản sao hợp đồng lao động."
    )
    check.refresh_from_db()
    assert check.status == Deadline.Status.MET
    supplement = clock(application, "certificate.supplement")
    assert supplement.party == "organization" and supplement.calendar == org.calendar
    assert supplement.due_at == compute("certificate.supplement", t1, calendar=org.calendar).due_at
    assert OutboxMessage.objects.filter(template="certificate_update").exists()

    t2 = t1 + dt.timedelta(days=6)
    at_start.move_to(t2)
    with pytest.raises(ValidationError, match="nội dung đã bổ sung"):
        services.application_submit(actor=dpo, application=application)
    services.application_submit(actor=dpo, application=application, note="Đã bổ sung hợp đồng.")
    supplement.refresh_from_db()
    assert supplement.status == Deadline.Status.MET and supplement.met_at == t2
    second_check = clock(application, "certificate.check")
    assert second_check.pk != check.pk
    assert second_check.due_at == compute("certificate.check", t2, calendar="public_sector").due_at
    assert application.versions.count() == 2

    t3 = t2 + dt.timedelta(days=2)
    at_start.move_to(t3)
    services.application_complete(actor=regulator, application=application)
    decide = clock(application, "certificate.decide")
    # Art. 25(4): 30 days from receipt of the complete dossier (the submission found complete).
    assert decide.started_at == t2
    assert decide.due_at == compute("certificate.decide", t2, calendar="public_sector").due_at

    t4 = t3 + dt.timedelta(days=9)
    at_start.move_to(t4)
    certificate = services.application_grant(
        actor=regulator, application=application, signer_name="Nguyễn Văn An"
    )
    decide.refresh_from_db()
    assert decide.status == Deadline.Status.MET
    assert application.status == Application.Status.GRANTED
    assert certificate.number == "GCN-2026-0001" and certificate.status == "valid"
    assert certificate.pdf_sha256 and bytes(certificate.pdf).startswith(b"%PDF")

    # Reissue (lost paper copy): 5 working days on the public-sector calendar.
    t5 = t4 + dt.timedelta(days=5)
    at_start.move_to(t5)
    reissue = services.certificate_request_change(
        actor=dpo, certificate=certificate, kind="reissue", reason="Bản giấy bị mất."
    )
    reissue_clock = clock(reissue, "certificate.reissue")
    assert reissue_clock.calendar == "public_sector"
    assert (
        reissue_clock.due_at == compute("certificate.reissue", t5, calendar="public_sector").due_at
    )
    at_start.move_to(t5 + dt.timedelta(days=1))
    second = services.certificate_change_grant(actor=regulator, change=reissue)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert second.replaces == certificate and second.number == "GCN-2026-0002"
    reissue_clock.refresh_from_db()
    assert reissue_clock.status == Deadline.Status.MET

    # Replacement (changed information) needs documents proving the change.
    t6 = t5 + dt.timedelta(days=10)
    at_start.move_to(t6)
    with pytest.raises(ValidationError) as excinfo:
        services.certificate_request_change(
            actor=dpo, certificate=second, kind="replace", reason="Đổi địa chỉ trụ sở.", changes="x"
        )
    assert "uploads" in excinfo.value.message_dict
    replace = services.certificate_request_change(
        actor=dpo,
        certificate=second,
        kind="replace",
        reason="Đổi địa chỉ trụ sở chính.",
        changes="Địa chỉ trụ sở chính mới: Số 2 Hàng Bài, Hà Nội.",
        uploads=[pdf_upload("gcn-dkdn-moi.pdf")],
    )
    replace_clock = clock(replace, "certificate.replace")
    assert (
        replace_clock.due_at == compute("certificate.replace", t6, calendar="public_sector").due_at
    )
    third = services.certificate_change_grant(actor=regulator, change=replace)
    assert third.replaces == second

    # Revocation (Form 07): the organisation's 5-working-day return clock and a public notice.
    t7 = t6 + dt.timedelta(days=20)
    at_start.move_to(t7)
    with pytest.raises(ValidationError, match="Điều 27 khoản 1"):
        services.certificate_revoke(actor=regulator, certificate=third, ground="")
    services.certificate_revoke(
        actor=regulator, certificate=third, ground="unremedied", reason="Không khắc phục vi phạm."
    )
    third.refresh_from_db()
    assert third.status == Certificate.Status.REVOKED and third.revocation_ground == "unremedied"
    notice = third.revocation_notice_text
    assert "GCN-2026-0003" in notice and "điểm d" in notice
    assert bytes(third.revocation_pdf).startswith(b"%PDF")
    back = clock(third, "certificate.return")
    assert back.party == "organization"
    assert back.due_at == compute("certificate.return", t7, calendar=org.calendar).due_at
    at_start.move_to(t7 + dt.timedelta(days=2))
    services.certificate_record_return(actor=dpo, certificate=third)
    back.refresh_from_db()
    assert back.status == Deadline.Status.MET

    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == ["submit", "request_supplement", "supplement", "complete", "grant"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"certification.grant", "certification.revoke", "certification.reissue"} <= actions


def test_an_application_missing_parts_says_which(org, dpo, at_start):
    application = make_application(org, dpo, complete=False)
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=dpo, application=application)
    text = " ".join(excinfo.value.messages)
    for part in (
        "người đại diện theo pháp luật",
        "dịch vụ theo Điều 21",
        "Giấy chứng nhận đăng ký doanh nghiệp",
        "Đề án",
        "Điều 25 khoản 2 điểm a, b, c, d, đ, e, g, h, i, k",
        "tối thiểu 3 nhân sự",
        "Điều 22 khoản 2 điểm a",
        "cam kết",
    ):
        assert part in text, part
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not Deadline.objects.exists()


def test_it_names_each_missing_condition_of_a_staff_member(org, dpo, at_start):
    application = make_application(org, dpo)
    weak = services.staff_save(
        actor=dpo,
        application=application,
        staff=QualifiedStaff(
            full_name="Vũ Văn Nam",
            degree_level="below_college",
            experience_field="legal",
            graduated_on=dt.date(2025, 6, 1),
            experience_since=dt.date(2025, 7, 1),
        ),
    )
    findings = services.staff_findings(weak, on=START.date())
    assert len(findings) == 4
    assert any("cao đẳng" in f for f in findings)
    assert any("2 năm" in f and "01/07/2025" in f for f in findings)
    assert any("đào tạo" in f for f in findings)
    assert any("bằng cấp" in f for f in findings)
    missing = services.application_missing(application)
    assert any("Vũ Văn Nam" in m for m in missing)


def test_experience_counts_from_graduation(org, dpo, at_start):
    application = make_application(org, dpo, complete=False)
    # Worked in IT before graduating: only the time after graduation counts (Art. 13(2)(b)).
    person = add_staff(
        application,
        dpo,
        "Hoàng Thị Mai",
        "Kỹ sư",
        "it",
        graduated_on=dt.date(2024, 3, 3),
        experience_since=dt.date(2019, 1, 1),
    )
    assert any("03/03/2024" in f for f in services.staff_findings(person, on=START.date()))
    assert services.staff_findings(person, on=dt.date(2026, 3, 3)) == []


def test_two_qualified_staff_are_not_enough(org, dpo, at_start):
    application = make_application(org, dpo)
    application.staff.last().delete()
    missing = services.application_missing(application)
    assert any("tối thiểu 3 nhân sự" in m and "hiện có 2" in m for m in missing)
    conditions = {c["code"]: c for c in services.conditions_checklist(application)}
    assert conditions["staff"]["ok"] is False and conditions["head"]["ok"] is True


def test_registration_copy_not_needed_when_the_agency_reads_the_database(org, dpo, at_start):
    application = make_application(org, dpo)
    application.enclosures.filter(kind="registration").delete()
    assert any("đăng ký doanh nghiệp" in m for m in services.application_missing(application))
    services.application_update(
        actor=dpo, application=application, registration_in_national_database=True
    )
    assert services.application_missing(application) == []


def test_cross_border_transfer_needs_its_dossier(org, dpo, at_start):
    application = make_application(org, dpo)
    services.application_update(actor=dpo, application=application, transfers_abroad=True)
    assert any("xuyên biên giới" in m for m in services.application_missing(application))


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "complete"),
        ("draft", "grant"),
        ("submitted", "grant"),
        ("submitted", "submit"),
        ("under_review", "request_supplement"),
        ("under_review", "submit"),
        ("granted", "refuse"),
        ("refused", "complete"),
        ("withdrawn", "submit"),
    ],
)
def test_illegal_moves_are_refused(org, dpo, regulator, at_start, status, action):
    application = make_application(org, dpo)
    if status != "draft":
        services.application_submit(actor=dpo, application=application)
    if status in ("under_review", "granted"):
        services.application_complete(actor=regulator, application=application)
    if status == "granted":
        services.application_grant(actor=regulator, application=application)
    if status == "refused":
        services.application_refuse(actor=regulator, application=application, reason="Không đạt.")
    if status == "withdrawn":
        services.application_withdraw(actor=dpo, application=application)
    run = {
        "complete": lambda: services.application_complete(actor=regulator, application=application),
        "grant": lambda: services.application_grant(actor=regulator, application=application),
        "submit": lambda: services.application_submit(actor=dpo, application=application),
        "request_supplement": lambda: services.application_request_supplement(
            actor=regulator, application=application, message="x"
        ),
        "refuse": lambda: services.application_refuse(
            actor=regulator, application=application, reason="x"
        ),
    }[action]
    with pytest.raises(InvalidTransition):
        run()


def test_refusal_needs_reasons_and_stops_the_clocks(org, dpo, regulator, at_start):
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    with pytest.raises(ValidationError):
        services.application_refuse(actor=regulator, application=application, reason="  ")
    services.application_refuse(
        actor=regulator, application=application, reason="Không đáp ứng Điều 22 khoản 3."
    )
    assert application.status == Application.Status.REFUSED
    assert not Deadline.objects.filter(status__in=["open", "overdue"]).exists()
    assert ApplicationEvent.objects.filter(kind="refuse").get().message.startswith("Không")


def test_withdrawal_cancels_running_clocks(org, dpo, at_start):
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    services.application_withdraw(actor=dpo, application=application)
    assert Deadline.objects.get(rule="certificate.check").status == Deadline.Status.CANCELLED


def test_a_submitted_dossier_cannot_be_edited(org, dpo, at_start):
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    with pytest.raises(InvalidTransition):
        services.application_update(actor=dpo, application=application, fax="1")
    with pytest.raises(InvalidTransition):
        services.enclosure_add(
            actor=dpo, application=application, upload=pdf_upload(), kind="other"
        )


def test_an_upload_is_checked_by_content(org, dpo, at_start):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = make_application(org, dpo, complete=False)
    fake = SimpleUploadedFile("de-an.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        services.enclosure_add(actor=dpo, application=application, upload=fake, kind="scheme")
    stored = services.enclosure_add(
        actor=dpo, application=application, upload=pdf_upload("Đề án.pdf"), kind="scheme"
    )
    assert "Đề án" not in stored.file.name and stored.original_name == "Đề án.pdf"


def test_only_a_valid_certificate_is_revoked_or_changed(org, dpo, regulator, at_start):
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    services.application_complete(actor=regulator, application=application)
    certificate = services.application_grant(actor=regulator, application=application)
    services.certificate_revoke(actor=regulator, certificate=certificate, ground="requested")
    with pytest.raises(InvalidTransition):
        services.certificate_revoke(actor=regulator, certificate=certificate, ground="requested")
    with pytest.raises(InvalidTransition):
        services.certificate_request_change(
            actor=dpo, certificate=certificate, kind="reissue", reason="Mất."
        )


def test_one_pending_change_request_at_a_time(org, dpo, regulator, at_start):
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    services.application_complete(actor=regulator, application=application)
    certificate = services.application_grant(actor=regulator, application=application)
    change = services.certificate_request_change(
        actor=dpo, certificate=certificate, kind="reissue", reason="Hỏng."
    )
    with pytest.raises(InvalidTransition):
        services.certificate_request_change(
            actor=dpo, certificate=certificate, kind="reissue", reason="Hỏng."
        )
    services.certificate_change_refuse(actor=regulator, change=change, reason="Chưa nộp bản hỏng.")
    assert change.status == ChangeRequest.Status.REFUSED
    assert clock(change, "certificate.reissue").status == Deadline.Status.MET
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


@pytest.mark.parametrize(
    ("answer", "kwargs"),
    [
        (services.application_complete, {}),
        (services.application_refuse, {"reason": "Không đủ nhân sự."}),
    ],
)
def test_the_agency_s_answer_to_a_received_dossier_meets_its_check_clock(
    answer, kwargs, org, dpo, regulator, at_start
):
    application = make_application(org, dpo)
    services.application_submit(actor=dpo, application=application)
    answered = START + dt.timedelta(days=2)
    at_start.move_to(answered)

    answer(actor=regulator, application=application, **kwargs)

    check = clock(application, "certificate.check")
    assert (check.status, check.met_at) == (Deadline.Status.MET, answered)
