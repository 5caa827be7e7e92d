"""The user's notifications: the header's unread count, the list, "mark all as read"."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_noop

from pdp_portal.notices.models import Notification
from pdp_portal.notices.services import notification_create
from tests.factories import make_user
from tests.queries import assert_queries_do_not_grow
from tests.reader_language import browser

pytestmark = pytest.mark.django_db

LIST = "/notifications/"
NEW_REQUEST = gettext_noop("Yêu cầu mới %(ref)s")


def notify(user, ref: str, url: str = "/requests/1/") -> Notification:
    return notification_create(
        user=user, key=f"test:{ref}", message=NEW_REQUEST, params={"ref": ref}, url=url
    )


@pytest.fixture
def mine(dpo):
    return [notify(dpo, f"YC-{n}") for n in range(3)]


@pytest.fixture
def theirs(outsider):
    return notify(outsider, "YC-SECRET", url="/requests/999/")


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("language", "text"), [("vi", "Yêu cầu mới YC-2"), ("en", "New request YC-2")]
)
def test_the_list_shows_the_users_own_newest_first_in_the_readers_language(
    dpo, mine, theirs, language, text
):
    html = browser(dpo, language).get(LIST).content.decode()
    assert text in html
    assert html.index("YC-2") < html.index("YC-1") < html.index("YC-0")
    assert 'href="/requests/1/"' in html
    assert "YC-SECRET" not in html
    assert "/requests/999/" not in html


def test_the_header_counts_the_unread_and_mark_all_read_clears_only_the_users_own(
    dpo, mine, theirs
):
    client = browser(dpo, "en")
    header = client.get(reverse("dashboard")).content.decode()
    assert 'aria-label="unread">3</span>' in header
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Notification.objects.filter(user=dpo, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    header = client.get(reverse("dashboard")).content.decode()
    assert 'aria-label="unread"' not in header
    assert "Mark all as read" not in client.get(LIST).content.decode()
    # A second click (another tab) changes nothing.
    read_at = Notification.objects.get(pk=mine[0].pk).read_at
    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.get(pk=mine[0].pk).read_at == read_at


def test_a_regulator_reads_them_in_the_regulator_layout(regulator):
    notify(regulator, "HS-9", url="/regulator/")
    html = browser(regulator, "en").get(LIST).content.decode()
    assert 'class="topbar regulator"' in html
    assert "New request HS-9" in html
    assert 'aria-label="unread">1</span>' in html


@pytest.mark.parametrize("url", ["//evil.example/x", "https://evil.example/", "javascript:x"])
def test_an_address_off_the_site_is_not_linked(dpo, url):
    notify(dpo, "YC-7", url=url)
    html = browser(dpo, "en").get(LIST).content.decode()
    assert "New request YC-7" in html
    assert "evil.example" not in html
    assert "javascript:" not in html


def test_the_list_is_paginated_fifty_a_page(dpo):
    for n in range(51):
        notify(dpo, f"P-{n:02d}")
    client = browser(dpo, "en")
    first = client.get(LIST).content.decode()
    assert "P-50" in first and "P-01" in first and "P-00" not in first
    assert "P-00" in client.get(LIST + "?page=2").content.decode()


def test_the_list_and_the_header_cost_the_same_queries_whatever_the_rows(dpo, org):
    made = iter(range(1000))

    def grow(k):
        for _ in range(k):
            n = next(made)
            notification_create(
                user=dpo,
                key=f"grow:{n}",
                message=gettext_noop("%(stage)s: %(what)s, hạn %(due)s"),
                params={
                    "stage": {"message": "Quá hạn"},
                    "what": {"message": "%(ref)s: phản hồi yêu cầu", "params": {"ref": f"YC-{n}"}},
                    "due": {"due": "2026-03-12T23:59:59+07:00"},
                },
                url="/requests/1/",
                organization=org,
            )
        notify(make_user(), f"other-{k}")

    client = browser(dpo, "en")
    assert_queries_do_not_grow(client, [LIST, reverse("dashboard")], grow, n=2)
    html = client.get(LIST).content.decode()
    assert "Overdue: YC-1: respond to the request, due Thursday, 12/03/2026 23:59" in html
