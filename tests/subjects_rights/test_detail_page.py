"""The request page: one suggested next step from the status and clocks; the used extension said."""

import re

import pytest
import time_machine
from django.conf import settings

from subjects_rights import services

from .helpers import at, enter

pytestmark = pytest.mark.django_db


def _page(client, request) -> str:
    response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _suggested(html: str) -> str:
    match = re.search(r'data-testid="next-step" data-action="(\w+)"', html)
    return match.group(1) if match else ""


def _primary_submit_buttons(html: str) -> list[str]:
    """Return the labels of the full-weight (not secondary, not danger) submit buttons."""
    return re.findall(r'<button class="btn" type="submit">([^<]+)</button>', html)


def test_a_received_request_suggests_the_response_first(as_user, org, dpo):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        request, _ = enter(org, dpo, request_type="access")
        html = _page(as_user(dpo), request)
    assert _suggested(html) == "respond"
    assert 'href="#action-respond"' in html
    assert _primary_submit_buttons(html) == ["Gửi phản hồi"]
    assert re.search(r'id="action-respond" open', html)
    assert not re.search(r'id="action-fulfil" open', html)


# rights.access.fulfil from 2 March ends on 12 March: the day before, the extension comes first.
@pytest.mark.parametrize(
    ("day", "suggested", "button"),
    [
        ("2026-03-03 09:00", "fulfil", "Đánh dấu đã thực hiện"),
        ("2026-03-11 09:00", "extend", "Gia hạn"),
    ],
)
def test_after_the_response_the_clock_chooses_between_fulfil_and_extend(
    as_user, org, dpo, day, suggested, button
):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        request, _ = enter(org, dpo, request_type="access")
        services.request_respond(actor=dpo, request=request, body="Chúng tôi sẽ thực hiện.")
    with time_machine.travel(at(day), tick=False):
        html = _page(as_user(dpo), request)
    assert _suggested(html) == suggested
    assert _primary_submit_buttons(html) == [button]


def test_after_the_one_extension_the_page_says_why_there_is_no_other(as_user, org, dpo):
    with time_machine.travel(at("2026-03-05 10:00"), tick=False):
        request, _ = enter(org, dpo, request_type="access")
        services.request_extend(actor=dpo, request=request, days=3, reason="Phức tạp.")
    client = as_user(dpo)
    with time_machine.travel(at("2026-03-06 09:00"), tick=False):
        html = _page(client, request)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = _page(client, request)

    assert 'id="action-extend"' not in html
    assert "Đã gia hạn một lần vào" in html and "05/03/2026" in html
    assert "Nghị định 356/2025 Điều 5" in html
    assert "Extended once on" in english
    assert "a request can be extended only once" in english


def test_a_closed_request_suggests_nothing(as_user, org, dpo):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        request, _ = enter(org, dpo, request_type="access")
        services.request_fulfil(actor=dpo, request=request, note="Xong")
        html = _page(as_user(dpo), request)
    assert 'data-testid="next-step"' not in html


def test_an_unconfirmed_request_says_what_it_waits_for(as_user, org, dpo):
    from .helpers import submit

    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        request = submit(org)
        html = _page(as_user(dpo), request)
    assert 'data-testid="awaiting-confirmation"' in html
    assert "Chờ chủ thể dữ liệu bấm đường dẫn xác nhận" in html and "09/03/2026" in html
