"""The inbox: filters, search, order, time left, and a query count that does not grow."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from subjects_rights import services
from tests.queries import assert_growth_costs_no_queries

from .helpers import at, enter

pytestmark = pytest.mark.django_db


def _refs(response):
    return [r.reference for r in response.context["page"]]


def test_soonest_first_and_filters(as_user, org, dpo, staff):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        late, _ = enter(org, dpo, request_type="erase", full_name="Nguyễn Văn Muộn")
    with time_machine.travel(at("2026-03-10 09:00"), tick=False):
        soon, _ = enter(org, dpo, request_type="access", email="khach@hoasen.vn")
        services.request_assign(actor=dpo, request=soon, assignee=staff)
        done, _ = enter(org, dpo, request_type="copy")
        services.request_fulfil(actor=dpo, request=done, note="Xong")
    with time_machine.travel(at("2026-03-11 09:00"), tick=False):
        client = as_user(dpo)
        response = client.get(reverse("subjects_rights:inbox"))
        # late's response clock (02/03 + 2 working days) is already overdue: it comes first.
        assert _refs(response) == [late.reference, soon.reference]
        assert "quá hạn" in response.content.decode()
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"due": "overdue"})) == [
            late.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"due": "soon"})) == [
            soon.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"assignee": "none"})) == [
            late.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"assignee": str(staff.pk)})) == [
            soon.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"type": "erase"})) == [
            late.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"status": "fulfilled"})) == [
            done.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"q": "muộn"})) == [
            late.reference
        ]
        assert _refs(client.get(reverse("subjects_rights:inbox"), {"q": "KHACH@"})) == [
            soon.reference
        ]
        assert len(_refs(client.get(reverse("subjects_rights:inbox"), {"status": "all"}))) == 3


def test_inbox_query_count_does_not_grow(as_user, org, dpo, staff):
    enter(org, dpo)

    def grow():
        for n in range(12):
            request, _ = enter(org, dpo, request_type=["access", "erase", "object"][n % 3])
            if n % 2:
                services.request_assign(actor=dpo, request=request, assignee=staff)

    before, after = assert_growth_costs_no_queries(
        as_user(dpo), reverse("subjects_rights:inbox"), grow
    )
    assert before.status_code == 200
    assert len(after.context["page"]) == 13


def test_time_left_is_shown_in_words(as_user, org, dpo):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        enter(org, dpo, request_type="access")
    with time_machine.travel(at("2026-03-02 09:00") + dt.timedelta(hours=1), tick=False):
        text = as_user(dpo).get(reverse("subjects_rights:inbox")).content.decode()
    assert "còn 2 ngày" in text
