"""Submission, immutability, review, completion, lapse, updates, diff: the services and the database."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, InternalError, connection, transaction

from dossiers import documents, services
from dossiers.catalogue import PROCESSING, TRANSFER
from dossiers.models import Dossier, DossierVersion, InvalidTransition, VersionEnclosure
from pdp_portal.clock.counting import compute
from pdp_portal.clock.services import deadlines_for, sweep
from pdp_portal.notices.models import OutboxMessage

from .conftest import NOW, VN, make_ready, pdf_upload

pytestmark = pytest.mark.django_db


def test_an_incomplete_dossier_says_what_is_missing_section_by_section(org, dpo, at_now):
    dossier = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    with pytest.raises(services.ValidationError) as exc:
        services.dossier_submit(actor=dpo, dossier=dossier)
    text = " ".join(exc.value.messages)
    assert "Sổ đăng ký hoạt động xử lý" in text
    assert "Tác động đến chủ thể dữ liệu (Phần A.III.2.1)" in text
    assert "Tài liệu kèm theo" in text
    assert not DossierVersion.objects.exists()
    sections = [s for s, _items in documents.missing_by_section(dossier)]
    assert "Tác động đến an ninh quốc gia, trật tự an toàn xã hội (Phần A.III.2.3)" not in sections


def test_national_security_part_is_required_above_the_threshold(org, dpo, at_now):
    dossier = make_ready(org, dpo, subjects=150_000)
    services.dossier_save_answers(actor=dpo, dossier=dossier, answers={"national_aspects": ""})
    titles = [s for s, _i in documents.missing_by_section(dossier)]
    assert titles == ["Tác động đến an ninh quốc gia, trật tự an toàn xã hội (Phần A.III.2.3)"]


def test_submitting_freezes_a_version_meets_the_file_clock_and_opens_the_review_clock(
    org, dpo, regulator, at_now
):
    dossier = make_ready(org, dpo)
    version = services.dossier_submit(actor=dpo, dossier=dossier, signer_name="Trần Văn Minh")
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.first_submitted_at == NOW
    assert version.number == 1 and version.kind == "initial"
    assert version.snapshot["answers"]["overview"] == "Nội dung overview của tổ chức"
    assert bytes(version.report_pdf).startswith(b"%PDF") and len(version.report_sha256) == 64
    assert version.content_sha256 == documents.content_hash(version.snapshot)
    frozen = list(version.enclosures.values_list("sha256", flat=True))
    assert len(frozen) == 2 and all(len(h) == 64 for h in frozen)
    assert deadlines_for(dossier).get(rule="dossier.file").status == "met"
    review = deadlines_for(version).get(rule="dossier.review")
    assert review.party == "agency" and review.calendar == "public_sector"
    assert review.due_at == compute("dossier.review", NOW, calendar="public_sector").due_at


def test_a_submitted_dossier_cannot_be_changed_by_the_services(org, dpo, at_now):
    dossier = make_ready(org, dpo)
    services.dossier_submit(actor=dpo, dossier=dossier)
    with pytest.raises(InvalidTransition):
        services.dossier_save_answers(actor=dpo, dossier=dossier, answers={"overview": "khác"})
    with pytest.raises(InvalidTransition):
        services.enclosure_add(actor=dpo, dossier=dossier, upload=pdf_upload(), category="other")
    with pytest.raises(InvalidTransition):
        services.dossier_submit(actor=dpo, dossier=dossier)


def test_the_database_refuses_to_update_or_delete_a_submitted_version(org, dpo, at_now):
    dossier = make_ready(org, dpo)
    version = services.dossier_submit(actor=dpo, dossier=dossier)
    for sql in (
        "UPDATE dossiers_dossierversion SET change_reason = 'edited' WHERE id = %s",
        "DELETE FROM dossiers_dossierversion WHERE id = %s",
    ):
        with (
            pytest.raises((IntegrityError, InternalError)),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql, [version.pk])
    enclosure = VersionEnclosure.objects.filter(version=version).first()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        VersionEnclosure.objects.filter(pk=enclosure.pk).update(sha256="0" * 64)
    version.refresh_from_db()
    assert version.change_reason == ""


def test_request_completion_opens_the_completion_clock_and_the_resubmission_meets_it(
    org, dpo, staff, regulator, at_now
):
    dossier = make_ready(org, dpo)
    v1 = services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_assign(actor=regulator, dossier=dossier, reviewer=regulator)
    assert deadlines_for(v1).get(rule="dossier.review").responsible == regulator
    at_now.move_to(NOW + dt.timedelta(days=3))
    event = services.dossier_request_completion(
        actor=regulator, dossier=dossier, reasons="Thiếu sơ đồ hệ thống."
    )
    dossier.refresh_from_db()
    assert dossier.status == "completion_requested"
    assert deadlines_for(v1).get(rule="dossier.review").status == "met"
    complete = deadlines_for(dossier).get(rule="dossier.complete")
    started = NOW + dt.timedelta(days=3)
    assert complete.started_at == started
    assert complete.due_at == compute("dossier.complete", started, calendar="statutory").due_at
    mails = OutboxMessage.objects.filter(template="dossier_decision")
    assert {m.recipient for m in mails} == {dpo.email, staff.email}
    body = mails.first().body_text
    assert "Thiếu sơ đồ hệ thống." in body
    assert "Kết quả: " in body and "(Nghị định 356/2025 Điều 18 khoản 6, Điều 19 khoản 6)" in body
    services.enclosure_add(
        actor=dpo, dossier=dossier, upload=pdf_upload("so-do.pdf"), category="diagram"
    )
    v2 = services.dossier_submit(actor=dpo, dossier=dossier)
    assert v2.kind == "completion" and v2.answers_request == event
    assert deadlines_for(dossier).get(rule="dossier.complete").status == "met"
    assert "so-do.pdf" in v2.change_summary
    assert deadlines_for(v2).get(rule="dossier.review").responsible == regulator
    assert services.sanction_flag(dossier) is None


def test_a_lapsed_completion_request_is_flagged_for_sanction(org, dpo, regulator, at_now):
    dossier = make_ready(org, dpo)
    services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_request_completion(
        actor=regulator, dossier=dossier, reasons="Bổ sung hợp đồng."
    )
    complete = deadlines_for(dossier).get(rule="dossier.complete")
    at_now.move_to(complete.due_at + dt.timedelta(minutes=5))
    sweep()
    flag = services.sanction_flag(dossier)
    assert flag["state"] == "lapsed" and flag["due"] == complete.due_at
    sweep()
    assert deadlines_for(dossier).get(rule="dossier.complete").status == "overdue"


def test_accepting_meets_the_review_clock(org, dpo, regulator, at_now):
    dossier = make_ready(org, dpo)
    version = services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_accept(actor=regulator, dossier=dossier, reasons="Đạt.")
    dossier.refresh_from_db()
    assert dossier.status == "accepted"
    assert deadlines_for(version).get(rule="dossier.review").status == "met"


def test_only_regulators_decide_and_only_on_submitted_dossiers(org, dpo, regulator, at_now):
    dossier = make_ready(org, dpo)
    with pytest.raises(InvalidTransition):
        services.dossier_accept(actor=regulator, dossier=dossier)
    services.dossier_submit(actor=dpo, dossier=dossier)
    with pytest.raises(InvalidTransition):
        services.dossier_accept(actor=dpo, dossier=dossier)
    with pytest.raises(services.ValidationError):
        services.dossier_request_completion(actor=regulator, dossier=dossier, reasons=" ")


def _accepted(org, dpo, regulator, kind=PROCESSING):
    dossier = make_ready(org, dpo, kind)
    services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_accept(actor=regulator, dossier=dossier)
    dossier.refresh_from_db()
    return dossier


def test_a_new_purpose_opens_the_periodic_update_clock_from_the_first_filing(
    org, dpo, regulator, at_now
):
    dossier = _accepted(org, dpo, regulator)
    at_now.move_to(NOW + dt.timedelta(days=40))
    services.activity_save(
        actor=dpo,
        organization=org,
        name="Tuyển dụng",
        purpose="Tuyển dụng nhân sự",
        role="controller",
        subject_categories=[{"name": "Ứng viên", "count": 800}],
        basic_data_types=["birth_name", "phone"],
        started_on=dt.date(2026, 4, 1),
    )
    periodic = deadlines_for(dossier).get(rule="dossier.update.periodic")
    assert periodic.started_at == NOW
    assert periodic.due_at == compute("dossier.update.periodic", NOW, calendar="statutory").due_at
    assert not deadlines_for(dossier).filter(rule="dossier.update.immediate").exists()


def test_a_change_in_a_later_period_starts_that_period(org, dpo, regulator, at_now):
    dossier = _accepted(org, dpo, regulator)
    first_end = compute("dossier.update.periodic", NOW, calendar="statutory").due_at
    at_now.move_to(first_end + dt.timedelta(days=10))
    services.recipient_save(
        actor=dpo, organization=org, role="third_party", name="Công ty Quảng cáo Sao Mai"
    )
    periodic = deadlines_for(dossier).get(rule="dossier.update.periodic")
    assert periodic.started_at == first_end


def test_a_new_business_line_opens_the_immediate_clock_and_the_update_meets_both(
    org, dpo, regulator, at_now
):
    dossier = _accepted(org, dpo, regulator)
    at_now.move_to(NOW + dt.timedelta(days=20))
    changed_at = NOW + dt.timedelta(days=19)
    services.change_declare(
        actor=dpo,
        organization=org,
        kind="business_lines",
        scope="both",
        occurred_at=changed_at,
        description="Bổ sung ngành 6311 (xử lý dữ liệu)",
    )
    immediate = deadlines_for(dossier).get(rule="dossier.update.immediate")
    assert immediate.started_at == changed_at
    assert (
        immediate.due_at
        == compute("dossier.update.immediate", changed_at, calendar="statutory").due_at
    )
    org.business_lines = ["4791", "6312", "6311"]
    org.save()
    services.dossier_save_answers(
        actor=dpo, dossier=dossier, answers={"business_description": "4791, 6312, 6311"}
    )
    with pytest.raises(services.ValidationError):
        services.dossier_submit(actor=dpo, dossier=dossier)  # no reason given
    version = services.dossier_submit(
        actor=dpo, dossier=dossier, change_reason="Mở rộng ngành nghề"
    )
    assert version.kind == "update" and version.update_pdf
    assert "Ngành, nghề kinh doanh (mã ngành)" in version.change_summary
    assert "6311" in version.change_summary and "Bổ sung ngành 6311" in version.change_summary
    assert deadlines_for(dossier).get(rule="dossier.update.immediate").status == "met"
    assert not deadlines_for(version).filter(rule="dossier.review").exists()


def test_an_update_without_any_change_is_refused(org, dpo, regulator, at_now):
    dossier = _accepted(org, dpo, regulator)
    with pytest.raises(services.ValidationError):
        services.dossier_submit(actor=dpo, dossier=dossier, change_reason="Không có gì")


def test_two_versions_compare_field_by_field(org, dpo, regulator, at_now):
    dossier = make_ready(org, dpo)
    v1 = services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_request_completion(actor=regulator, dossier=dossier, reasons="Làm rõ rủi ro.")
    services.dossier_save_answers(
        actor=dpo, dossier=dossier, answers={"overview": "Đánh giá mới, chi tiết hơn"}
    )
    v2 = services.dossier_submit(actor=dpo, dossier=dossier)
    rows = documents.diff(v1.snapshot, v2.snapshot)
    changed = {(r["label"], r["before"], r["after"]) for r in rows}
    label = "Sự cần thiết của hoạt động; thực trạng, thuận lợi, khó khăn, rủi ro"
    assert (label, "Nội dung overview của tổ chức", "Đánh giá mới, chi tiết hơn") in changed
    assert len(rows) == 1


def test_one_dossier_of_each_kind_per_organisation(org, dpo, at_now):
    a = services.dossier_open(actor=dpo, organization=org, kind=TRANSFER)
    b = services.dossier_open(actor=dpo, organization=org, kind=TRANSFER)
    assert a.pk == b.pk and Dossier.objects.filter(organization=org).count() == 1


def test_transfer_dossier_submits_form_09_and_01a(org, dpo, at_now):
    dossier = make_ready(org, dpo, TRANSFER)
    version = services.dossier_submit(actor=dpo, dossier=dossier)
    assert (
        version.snapshot["report_form"] == "Mẫu số 09"
        and version.snapshot["notice_form"] == "Mẫu số 01a"
    )
    assert [p["name"] for p in version.snapshot["parties"]["recipients_abroad"]] == [
        "Cloud Harbor Pte. Ltd."
    ]
    assert deadlines_for(dossier).get(rule="dossier.file").status == "met"


def test_review_clock_counts_on_the_public_sector_calendar(org, dpo, at_now):
    # Friday 28 August 2026: 15 days end on Saturday 12 September; the agency's clock moves to
    # its next working day, which the Government's 2026 swap of 31 August does not touch.
    friday = dt.datetime(2026, 8, 28, 10, 0, tzinfo=VN)
    with time_machine.travel(friday, tick=False):
        dossier = make_ready(org, dpo)
        version = services.dossier_submit(actor=dpo, dossier=dossier)
    review = deadlines_for(version).get(rule="dossier.review")
    assert review.due_at == compute("dossier.review", friday, calendar="public_sector").due_at


def test_the_three_assessment_parts_compare_apart(org, dpo, regulator, at_now):
    # A.III.2.1, 2.2 and 2.3 ask the same five questions; a change in each must show.
    dossier = make_ready(org, dpo)
    v1 = services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_request_completion(actor=regulator, dossier=dossier, reasons="Làm rõ.")
    services.dossier_save_answers(
        actor=dpo,
        dossier=dossier,
        answers={"subjects_aspects": "Khía cạnh mới A", "security_aspects": "Khía cạnh mới B"},
    )
    v2 = services.dossier_submit(actor=dpo, dossier=dossier)
    after = {r["after"] for r in documents.diff(v1.snapshot, v2.snapshot)}
    assert {"Khía cạnh mới A", "Khía cạnh mới B"} <= after
