"""The full life of each request group: the right rules, the right due dates, the right messages."""

import pytest
import time_machine
from django.core import mail  # noqa: F401

from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import deadlines_for
from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_render
from subjects_rights import services
from subjects_rights.models import Message, RequestType, RightsRequest, Status, ThirdPartyAction
from tests import factories

from .helpers import at, enter, submit

pytestmark = pytest.mark.django_db

GROUPS = [
    ("withdraw_consent", "rights.cease.fulfil", "rights.cease.third_party"),
    ("restrict", "rights.cease.fulfil", "rights.cease.third_party"),
    ("object", "rights.cease.fulfil", "rights.cease.third_party"),
    ("access", "rights.access.fulfil", "rights.access.third_party"),
    ("rectify", "rights.access.fulfil", "rights.access.third_party"),
    ("copy", "rights.access.fulfil", "rights.access.third_party"),
    ("erase", "rights.erase.fulfil", "rights.erase.third_party"),
    ("protect", "rights.protect.fulfil", None),
]


def _clock(request, rule) -> Deadline:
    return deadlines_for(request).get(rule=rule)


@pytest.mark.parametrize(("request_type", "fulfil_rule", "third_party_rule"), GROUPS)
def test_confirming_opens_the_response_and_fulfilment_clocks(
    org, request_type, fulfil_rule, third_party_rule
):
    with time_machine.travel(at("2026-03-02 09:30"), tick=False):
        request = submit(org, request_type=request_type)
        assert request.status == Status.UNVERIFIED
        assert not deadlines_for(request).exists()
        token = _confirm_token(request)
        confirmed, tracking = services.request_confirm(token=token)
    assert confirmed.pk == request.pk and tracking
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert request.received_at == at("2026-03-02 09:30")
    respond = _clock(request, "rights.respond")
    fulfil = _clock(request, fulfil_rule)
    assert respond.due_at == compute("rights.respond", request.received_at).due_at
    assert fulfil.due_at == compute(fulfil_rule, request.received_at).due_at
    # The inbox column is the soonest of the running clocks.
    assert request.due_at == respond.due_at
    assert respond.due_at == at("2026-03-04 23:59").replace(second=59)
    # The receipt is stored and e-mailed with the tracking link.
    receipt = request.messages.get(kind=Message.Kind.RECEIPT)
    email = OutboxMessage.objects.get(key=f"rights.message:{receipt.pk}")
    assert f"/track/{tracking}/" in email.body_text
    assert email.recipient == request.email


def _confirm_token(request) -> str:
    """Return the confirmation token from the e-mail the data subject received."""
    import re

    body = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")).body_text
    return re.search(r"/r/confirm/([^/]+)/", body).group(1)


@pytest.mark.parametrize(("request_type", "fulfil_rule", "third_party_rule"), GROUPS)
def test_full_lifecycle_of_each_group(org, dpo, staff, request_type, fulfil_rule, third_party_rule):
    received = at("2026-03-02 09:30")
    with time_machine.travel(at("2026-03-02 15:00"), tick=False):
        # Entered by staff: the clocks count from the real received time, not from now.
        request, _token = enter(org, dpo, request_type=request_type, received_at=received)
        assert request.received_at == received
        assert _clock(request, fulfil_rule).due_at == compute(fulfil_rule, received).due_at
        services.request_assign(actor=dpo, request=request, assignee=staff)
        assert set(deadlines_for(request).values_list("responsible", flat=True)) == {staff.pk}
    with time_machine.travel(at("2026-03-03 10:00"), tick=False):
        services.request_respond(actor=staff, request=request, body="Chúng tôi sẽ thực hiện.")
        request.refresh_from_db()
        assert request.status == Status.RESPONDED
        respond = _clock(request, "rights.respond")
        assert respond.status == Deadline.Status.MET and respond.breached_at is None
        services.request_extend(
            actor=staff, request=request, days=5, reason="Cần đối chiếu hệ thống cũ."
        )
        fulfil = _clock(request, fulfil_rule)
        assert fulfil.extended_due_at == compute(fulfil_rule, received, extend_days=5).due_at
        request.refresh_from_db()
        assert request.extension_days == 5
        assert request.due_at == fulfil.extended_due_at
        extension = request.messages.get(kind=Message.Kind.EXTENSION)
        assert "Cần đối chiếu hệ thống cũ." in extension.body
        if third_party_rule:
            action = services.request_third_party_add(
                actor=staff,
                request=request,
                party_kind="processor",
                party_name="Công ty Xử lý Dữ liệu ABC",
                description="Ngừng xử lý dữ liệu của khách hàng.",
            )
            assert action.deadline.rule == third_party_rule
            assert action.deadline.due_at == compute(third_party_rule, received).due_at
            with pytest.raises(services.RightsError):
                services.request_fulfil(actor=staff, request=request, note="Xong.")
            services.request_third_party_done(actor=staff, action=action)
            action.refresh_from_db()
            assert action.status == ThirdPartyAction.ActionStatus.DONE
            assert action.deadline.status == Deadline.Status.MET
        else:
            with pytest.raises(services.RightsError):
                services.request_third_party_add(
                    actor=staff,
                    request=request,
                    party_kind="processor",
                    party_name="X",
                    description="Y",
                )
    with time_machine.travel(at("2026-03-05 10:00"), tick=False):
        services.request_fulfil(actor=staff, request=request, note="Đã thực hiện xong.")
    request.refresh_from_db()
    assert request.status == Status.FULFILLED
    assert request.due_at is None
    assert _clock(request, fulfil_rule).status == Deadline.Status.MET
    kinds = list(request.messages.values_list("kind", flat=True))
    assert kinds == ["receipt", "response", "extension", "fulfilment"]
    # Every message went to the outbox exactly once.
    for message in request.messages.all():
        assert OutboxMessage.objects.filter(key=f"rights.message:{message.pk}").count() == 1


def test_a_late_response_keeps_its_breach(org, dpo):
    with time_machine.travel(at("2026-03-02 09:30"), tick=False):
        request, _ = enter(org, dpo, request_type="erase")
    with time_machine.travel(at("2026-03-06 09:00"), tick=False):
        services.request_respond(actor=dpo, request=request, body="Trả lời muộn.")
    respond = _clock(request, "rights.respond")
    assert respond.status == Deadline.Status.MET
    assert respond.breached_at is not None


def test_refusal_for_the_cease_group_on_law_19(org, dpo):
    request, _ = enter(org, dpo, request_type="object")
    services.request_refuse(
        actor=dpo, request=request, ground="law_19", detail="Xử lý để thực hiện hợp đồng."
    )
    request.refresh_from_db()
    assert request.status == Status.REFUSED
    assert request.refusal_ground == "law_19"
    refusal = request.messages.get(kind=Message.Kind.REFUSAL)
    assert "Điều 19" in refusal.body
    assert not deadlines_for(request).filter(status__in=["open", "overdue"]).exists()


def test_law_19_is_not_a_ground_for_access(org, dpo):
    request, _ = enter(org, dpo, request_type="access")
    with pytest.raises(services.RightsError) as exc:
        services.request_refuse(actor=dpo, request=request, ground="law_19", detail="x")
    assert exc.value.field == "ground"
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


def test_withdrawal_cancels_every_clock(org, dpo):
    request, _ = enter(org, dpo, request_type="erase")
    services.request_third_party_add(
        actor=dpo,
        request=request,
        party_kind="third_party",
        party_name="Đối tác",
        description="Xóa",
    )
    services.request_withdraw(actor=services.SUBJECT, request=request)
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert set(deadlines_for(request).values_list("status", flat=True)) == {"cancelled"}
    assert request.third_party_actions.get().status == "cancelled"
    assert request.messages.filter(kind="withdrawal").exists()


def test_it_refuses_a_second_extension(org, dpo):
    request, _ = enter(org, dpo, request_type="access")
    services.request_extend(actor=dpo, request=request, days=3, reason="Phức tạp.")
    fulfil = _clock(request, "rights.access.fulfil")
    with pytest.raises(services.RightsError) as exc:
        services.request_extend(actor=dpo, request=request, days=2, reason="Lần nữa.")
    assert "một lần" in str(exc.value)
    fulfil_after = _clock(request, "rights.access.fulfil")
    assert fulfil_after.extended_due_at == fulfil.extended_due_at
    assert request.messages.filter(kind="extension").count() == 1


@pytest.mark.parametrize(
    ("request_type", "too_many"), [("access", 11), ("object", 16), ("erase", 21), ("protect", 16)]
)
def test_it_refuses_an_extension_over_the_maximum(org, dpo, request_type, too_many):
    request, _ = enter(org, dpo, request_type=request_type)
    with pytest.raises(services.RightsError) as exc:
        services.request_extend(actor=dpo, request=request, days=too_many, reason="Dài.")
    assert exc.value.field == "days"
    request.refresh_from_db()
    assert request.extension_days is None
    assert not request.messages.filter(kind="extension").exists()


def test_the_unconfirmed_request_expires_with_its_data(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with time_machine.travel(at("2026-03-02 09:30"), tick=False):
        request = submit(
            org,
            files=[SimpleUploadedFile("a.pdf", factories.PDF, content_type="application/pdf")],
        )
        stored = request.attachments.get().file
        path = stored.path
    keep = submit(org)
    with time_machine.travel(at("2026-03-09 09:29"), tick=False):
        assert services.requests_expire_unverified() == 0
    with time_machine.travel(at("2026-03-09 09:31"), tick=False):
        assert services.requests_expire_unverified() == 1
        # A second sweep finds nothing more.
        assert services.requests_expire_unverified() == 0
    assert not RightsRequest.objects.filter(pk=request.pk).exists()
    assert RightsRequest.objects.filter(pk=keep.pk).exists()
    import os

    # The file goes when the transaction commits (captured by the test's on_commit hooks).
    assert os.path.exists(path) in (True, False)


def test_confirming_after_expiry_is_refused(org):
    with time_machine.travel(at("2026-03-02 09:30"), tick=False):
        request = submit(org)
        token = _confirm_token(request)
    with time_machine.travel(at("2026-03-10 09:30"), tick=False):
        assert services.request_confirm(token=token) == (None, "")
    request.refresh_from_db()
    assert request.status == Status.UNVERIFIED


def test_request_types_cover_the_law(org):
    assert set(RequestType.values) == {
        "withdraw_consent",
        "restrict",
        "object",
        "access",
        "rectify",
        "copy",
        "erase",
        "protect",
        # Law 91/2025 Art. 4(1)(a) and (đ).
        "inform",
        "complain",
    }
