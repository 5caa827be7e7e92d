"""The rights of Law 91/2025 Art. 4(1)(a) (to be informed) and (đ) (to complain): request types of
their own, a response clock from the catalogue, no fulfilment clock (the law sets none)."""

import re

import pytest
import time_machine
from django.urls import reverse

from pdp_portal.clock.counting import compute
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import deadlines_for
from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_render
from subjects_rights import services
from subjects_rights.models import RequestType, RightsRequest, Status
from subjects_rights.services import RightsError

from .helpers import at, submit

pytestmark = pytest.mark.django_db

NEW_TYPES = ["inform", "complain"]


def _confirm(request):
    body = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")).body_text
    token = re.search(r"/r/confirm/([^/]+)/", body).group(1)
    return services.request_confirm(token=token)


def test_the_response_rule_cites_the_law_and_reuses_the_decree_period():
    other, decree = get_rule("rights.other.respond"), get_rule("rights.respond")
    assert (other.period, other.unit) == (decree.period, decree.unit)
    assert "Luật 91/2025 Điều 4 khoản 5" in other.basis_vi
    assert other.max_extension_days is None


@pytest.mark.parametrize("request_type", NEW_TYPES)
def test_confirming_opens_only_the_response_clock(org, request_type):
    with time_machine.travel(at("2026-03-02 09:30"), tick=False):
        request = submit(org, request_type=request_type)
        _confirm(request)
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    clocks = list(deadlines_for(request))
    assert [d.rule for d in clocks] == ["rights.other.respond"]
    assert clocks[0].due_at == compute("rights.other.respond", request.received_at).due_at
    assert request.due_at == clocks[0].due_at
    assert request.fulfil_rule is None


@pytest.mark.parametrize("request_type", NEW_TYPES)
def test_respond_then_fulfil_meets_the_clock_and_extension_is_refused(org, dpo, request_type):
    request = submit(org, request_type=request_type)
    _confirm(request)
    request.refresh_from_db()
    with pytest.raises(RightsError):
        services.request_extend(actor=dpo, request=request, days=5, reason="Phức tạp")
    request = services.request_respond(actor=dpo, request=request, body="Chúng tôi đã nhận.")
    assert deadlines_for(request).get().status == "met"
    request = services.request_fulfil(actor=dpo, request=request, note="Đã trả lời bằng văn bản.")
    assert request.status == Status.FULFILLED


def test_the_public_form_accepts_the_new_types_and_preselects_from_the_centre(client, org):
    page = client.get(reverse("rights_public:form", args=[org.slug]), {"type": "complain"})
    html = page.content.decode()
    assert 'value="complain" checked' in html
    assert 'value="inform"' in html
    response = client.post(
        reverse("rights_public:form", args=[org.slug]),
        {
            "request_type": "inform",
            "full_name": "Trần Thị Bình",
            "email": "binh@example.vn",
            "relationship": "customer",
            "description": "Công ty dùng dữ liệu của tôi vào việc gì?",
            "idempotency_key": "k-inform-1",
        },
    )
    assert response.status_code == 302
    assert RightsRequest.objects.get().request_type == RequestType.INFORM


@pytest.mark.parametrize("request_type", NEW_TYPES)
def test_the_staff_page_shows_the_request_without_an_extension(as_user, dpo, org, request_type):
    request = submit(org, request_type=request_type)
    _confirm(request)
    html = as_user(dpo).get(reverse("subjects_rights:detail", args=[request.pk])).content.decode()
    assert str(RequestType(request_type).label) in html
    assert "subjects_rights/extend" not in html and f"/requests/{request.pk}/extend/" not in html


@pytest.mark.parametrize("request_type", NEW_TYPES)
def test_the_tracking_page_and_acknowledgement_show_the_response_clock(client, org, request_type):
    request = submit(org, request_type=request_type)
    _request, tracking = _confirm(request)
    html = client.get(reverse("rights_public:track", args=[tracking])).content.decode()
    assert 'data-rule="rights.other.respond"' in html
    pdf = client.get(reverse("rights_public:acknowledgement", args=[tracking]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
