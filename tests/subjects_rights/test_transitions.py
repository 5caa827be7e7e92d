"""Every legal and illegal move of the TRANSITIONS table, and every action, from every status."""

import pytest

from subjects_rights import services
from subjects_rights.models import TRANSITIONS, Status

from .helpers import enter, submit

pytestmark = pytest.mark.django_db


def make(status, org, dpo):
    if status == Status.UNVERIFIED:
        return submit(org, request_type="erase")
    request, _ = enter(org, dpo, request_type="erase")
    if status == Status.RESPONDED:
        services.request_respond(actor=dpo, request=request, body="Sẽ xóa.")
    elif status == Status.FULFILLED:
        services.request_fulfil(actor=dpo, request=request, note="Đã xóa.")
    elif status == Status.REFUSED:
        services.request_refuse(actor=dpo, request=request, ground="no_data", detail="Không có.")
    elif status == Status.WITHDRAWN:
        services.request_withdraw(actor=dpo, request=request)
    request.refresh_from_db()
    assert request.status == status
    return request


MOVES = {
    Status.RESPONDED: lambda r, u: services.request_respond(actor=u, request=r, body="Trả lời."),
    Status.FULFILLED: lambda r, u: services.request_fulfil(actor=u, request=r, note="Xong."),
    Status.REFUSED: lambda r, u: services.request_refuse(
        actor=u, request=r, ground="no_data", detail="Không có dữ liệu."
    ),
    Status.WITHDRAWN: lambda r, u: services.request_withdraw(actor=u, request=r),
    "assign": lambda r, u: services.request_assign(actor=u, request=r, assignee=u),
    "extend": lambda r, u: services.request_extend(actor=u, request=r, days=1, reason="Cần thêm."),
    "third_party": lambda r, u: services.request_third_party_add(
        actor=u, request=r, party_kind="processor", party_name="ABC", description="Xóa."
    ),
    "message": lambda r, u: services.request_message(actor=u, request=r, body="Bổ sung."),
}


def allowed(status, target) -> bool:
    if target in services.ACTIONS_FROM:
        return status in services.ACTIONS_FROM[target]
    return target in TRANSITIONS[status]


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("target", list(MOVES))
def test_every_move_from_every_status(org, dpo, status, target):
    request = make(status, org, dpo)
    messages_before = request.messages.count()
    if allowed(status, target):
        MOVES[target](request, dpo)
        request.refresh_from_db()
        if target in TRANSITIONS[status]:
            assert request.status == target
    else:
        with pytest.raises(services.InvalidTransition) as exc:
            MOVES[target](request, dpo)
        assert exc.value.current == status
        assert str(Status(status).label) in str(exc.value)
        request.refresh_from_db()
        assert request.status == status
        assert request.messages.count() == messages_before


def test_only_an_unverified_request_can_be_confirmed(org, dpo):
    assert TRANSITIONS[Status.UNVERIFIED] == {Status.RECEIVED}
    for status in Status.values:
        assert (Status.RECEIVED in TRANSITIONS[status]) == (status == Status.UNVERIFIED)


def test_closed_statuses_are_final():
    for status in (Status.FULFILLED, Status.REFUSED, Status.WITHDRAWN):
        assert TRANSITIONS[status] == set()


def test_database_refuses_an_unknown_status(org, dpo):
    from django.db import IntegrityError, transaction

    from subjects_rights.models import RightsRequest

    request, _ = enter(org, dpo)
    with pytest.raises(IntegrityError), transaction.atomic():
        RightsRequest.objects.filter(pk=request.pk).update(status="lost")
    with pytest.raises(IntegrityError), transaction.atomic():
        RightsRequest.objects.filter(pk=request.pk).update(request_type="nonsense")
    with pytest.raises(IntegrityError), transaction.atomic():
        RightsRequest.objects.filter(pk=request.pk).update(status="refused")  # no ground
