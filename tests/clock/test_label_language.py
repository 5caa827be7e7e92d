"""Deadline labels are message keys: opened in one language, read in the reader's."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pdp_portal.clock import services

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
VI = "Nộp hồ sơ HS-7 cho cơ quan chuyên trách"
EN = "Submit dossier HS-7 to the specialized agency"

migration = importlib.import_module(
    "pdp_portal.clock.migrations.0004_year_status_unsettled_days_label_keys"
)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN), tick=False):
        yield


@pytest.fixture(params=["vi", "en"])
def opened_in(request, org):
    """A clock opened while ``opened_in`` was the active language."""
    with translation.override(request.param):
        deadline = services.deadline_open(
            organization=org,
            rule="dossier.file",
            subject=org,
            started_at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN),
            label_params={"ref": "HS-7"},
        )
    return request.param, deadline


def reader(as_user, dpo, language):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_show_the_label_in_the_readers_language(as_user, dpo, opened_in, language):
    _opened, deadline = opened_in
    client = reader(as_user, dpo, language)
    wanted, other = (VI, EN) if language == "vi" else (EN, VI)
    for url in (
        reverse("dashboard"),
        reverse("clock:deadlines"),
        reverse("clock:deadline_detail", args=[deadline.pk]),
    ):
        html = client.get(url).content.decode()
        assert wanted in html, url
        assert other not in html, url


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_api_and_the_feed_read_in_the_request_language(
    as_user, client, dpo, opened_in, language
):
    _opened, deadline = opened_in
    wanted, other = (VI, EN) if language == "vi" else (EN, VI)
    api = reader(as_user, dpo, language)
    row = api.get(f"/api/v1/deadlines/{deadline.pk}/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert row["label"] == wanted
    token = services.calendar_feed_rotate(user=dpo).token
    feed = api.get(reverse("clock:feed", args=[token]), HTTP_ACCEPT_LANGUAGE=language)
    calendar = icalendar.Calendar.from_ical(feed.content)
    summary = " ".join(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert wanted in summary
    assert other not in summary


def test_a_translatable_parameter_is_rendered_in_the_readers_language(org):
    deadline = services.deadline_open(
        organization=org,
        rule="rights.access.third_party",
        subject=org,
        started_at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN),
        label_message="%(ref)s: %(party)s",
        label_params={"ref": "YC-3", "party": {"message": "Cơ quan chuyên trách"}},
    )
    with translation.override("vi"):
        assert deadline.label == "YC-3: Cơ quan chuyên trách"
    with translation.override("en"):
        assert deadline.label == "YC-3: Specialized agency"


def test_a_finished_label_text_is_kept_verbatim(org):
    deadline = services.deadline_open(
        organization=org,
        rule="rights.respond",
        subject=org,
        started_at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN),
        label="Giờ 100% tự do",
    )
    with translation.override("en"):
        assert deadline.label == "Giờ 100% tự do"


@pytest.mark.parametrize(
    ("rule", "text", "message", "params"),
    [
        ("dossier.file", VI, "Nộp hồ sơ %(ref)s cho cơ quan chuyên trách", {"ref": "HS-7"}),
        ("dossier.file", EN, "Nộp hồ sơ %(ref)s cho cơ quan chuyên trách", {"ref": "HS-7"}),
        (
            "dossier.review",
            "Cơ quan chuyên trách đánh giá hồ sơ HS-7 (phiên bản 2)",
            "Cơ quan chuyên trách đánh giá hồ sơ %(ref)s (phiên bản %(v)s)",
            {"ref": "HS-7", "v": "2"},
        ),
        ("rights.respond", "YC-1: phản hồi yêu cầu", "%(ref)s: phản hồi yêu cầu", {"ref": "YC-1"}),
        (
            "rights.erase.third_party",
            "YC-1: Công ty Xử lý",
            "%(ref)s: %(party)s",
            {"ref": "YC-1", "party": "Công ty Xử lý"},
        ),
        ("dossier.file", "Nhãn tự viết", "%(text)s", {"text": "Nhãn tự viết"}),
    ],
)
def test_the_migration_maps_stored_texts_back_to_their_keys(rule, text, message, params):
    assert migration.label_key(rule, text) == (message, params)
