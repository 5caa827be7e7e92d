"""The data subject's pages: form, confirmation, tracking, withdrawal; bad input and guessing."""

import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_render
from subjects_rights.models import Attachment, RightsRequest, Status
from tests import factories

pytestmark = pytest.mark.django_db

PNG = factories.make_png()


def form_data(**extra):
    data = {
        "request_type": "access",
        "full_name": "Phạm Thu Hà",
        "email": "ha@example.vn",
        "phone": "",
        "relationship": "customer",
        "description": "Cho tôi xem dữ liệu về tôi.",
        "website": "",
        "idempotency_key": "k-" + extra.pop("key", "1"),
    }
    data.update(extra)
    return data


def post_form(client, org, **extra):
    return client.post(reverse("rights_public:form", args=[org.slug]), form_data(**extra))


def confirm_link(request) -> str:
    body = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")).body_text
    return re.search(r"https?://[^/]+(/r/confirm/[^/]+/)", body).group(1)


def tracking_link(request) -> str:
    bodies = OutboxMessage.objects.filter(key__startswith="rights.message:").values_list(
        "body_text", flat=True
    )
    for body in bodies:
        match = re.search(r"https?://[^/]+(/track/[^/]+/)", body)
        if match and request.reference in body:
            return match.group(1)
    raise AssertionError("no tracking link")


def test_the_form_explains_each_type_in_plain_words(client, org):
    response = client.get(reverse("rights_public:form", args=[org.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bạn muốn nhận một bản sao dữ liệu của mình." in text
    assert 'name="idempotency_key"' in text
    assert "căn cước" in text  # it says not to send ID documents


def test_unknown_slug_is_404(client):
    assert client.get("/r/no-such-organisation/").status_code == 404


def test_a_valid_submission_stores_an_unconfirmed_request_and_mails_the_link(client, org):
    response = post_form(client, org)
    assert response.status_code == 302
    assert response["Location"] == reverse("rights_public:sent", args=[org.slug])
    request = RightsRequest.objects.get()
    assert request.status == Status.UNVERIFIED
    assert request.channel == "web"
    assert request.confirm_token_hash and request.tracking_token_hash is None
    email = OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")
    assert email.recipient == "ha@example.vn"
    sent = client.get(response["Location"])
    assert "kiểm tra thư điện tử" in sent.content.decode()


def test_invalid_input_shows_field_errors_and_keeps_the_input(client, org):
    response = post_form(client, org, email="not-an-email", request_type="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Phạm Thu Hà" in text
    assert "not-an-email" in text
    assert "errorlist" in text
    assert not RightsRequest.objects.exists()


def test_errors_come_in_english_when_english_is_chosen(client, org, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("rights_public:form", args=[org.slug]), form_data(email="nope"))
    assert response.status_code == 400
    # Django's own messages are translated; ours follow when the English catalogue is written.
    assert "Enter a valid email address." in response.content.decode()


def test_a_double_submit_makes_one_request(client, org):
    post_form(client, org, key="same")
    post_form(client, org, key="same")
    assert RightsRequest.objects.count() == 1
    assert OutboxMessage.objects.filter(key__startswith="rights.confirm:").count() == 1


def test_the_honeypot_stores_nothing(client, org):
    response = post_form(client, org, website="http://spam.example")
    assert response.status_code == 302
    assert not RightsRequest.objects.exists()


@pytest.fixture
def own_cache():
    """A private cache, so that parallel test workers sharing Redis do not count our hits."""
    import uuid

    from django.core.cache.backends.locmem import LocMemCache

    with mock.patch("pdp_portal.ratelimit.cache", LocMemCache(f"rl-{uuid.uuid4()}", {})) as cache:
        yield cache


def test_rate_limit_per_email(client, org, own_cache):
    with mock.patch("subjects_rights.public_views.RATE_LIMIT_PER_EMAIL", 2):
        for n in range(2):
            assert post_form(client, org, key=f"r{n}").status_code == 302
        response = post_form(client, org, key="r3")
    assert response.status_code == 429
    assert RightsRequest.objects.count() == 2


def test_rate_limit_per_ip(client, org, own_cache):
    with mock.patch("subjects_rights.public_views.RATE_LIMIT_PER_IP", 1):
        assert post_form(client, org, key="a", email="a@example.vn").status_code == 302
        response = post_form(client, org, key="b", email="b@example.vn")
    assert response.status_code == 429


def test_attachments_are_checked_by_content(client, org):
    fake = SimpleUploadedFile(
        "scan.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    response = post_form(client, org, attachments=[fake])
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()
    good = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    assert post_form(client, org, key="2", attachments=[good]).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    # Random stored name: nothing of "photo" on disk.
    assert "photo" not in attachment.file.name
    assert attachment.original_name == "photo.png"


def test_attachments_over_the_size_cap_are_refused(client, org, settings):
    settings.UPLOAD_MAX_BYTES = 50
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 100, content_type="image/png")
    response = post_form(client, org, attachments=[big])
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()


def test_confirm_then_track_then_withdraw(client, org):
    post_form(client, org)
    request = RightsRequest.objects.get()
    link = confirm_link(request)
    page = client.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    # A GET (a link scanner) confirms nothing.
    request.refresh_from_db()
    assert request.status == Status.UNVERIFIED
    response = client.post(link)
    assert response.status_code == 302
    track = response["Location"]
    assert track.startswith("/track/")
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    page = client.get(track)
    text = page.content.decode()
    assert page.status_code == 200
    assert request.reference in text
    assert "Nghị định 356/2025 Điều 5 khoản 3" in text  # the basis of the access clock
    assert "giờ Việt Nam" in text
    assert "Rút yêu cầu" in text
    assert track == tracking_link(request)
    # Confirming again says so, without a second tracking link.
    again = client.post(link)
    assert again.status_code == 200
    assert "đã được xác nhận" in again.content.decode()
    assert client.get(track + "withdraw/").status_code == 200
    assert client.post(track + "withdraw/").status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert (
        "Rút yêu cầu"
        not in client.get(track)
        .content.decode()
        .split("Đây là đường dẫn")[0]
        .split("Thông báo của tổ chức")[0]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/r/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/withdraw/",
        "/track/x/",
    ],
)
def test_a_guessed_token_is_404(client, org, path):
    post_form(client, org)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


def test_a_confirmation_token_does_not_open_the_tracking_page(client, org):
    post_form(client, org)
    request = RightsRequest.objects.get()
    token = confirm_link(request).split("/")[-2]
    assert client.get(f"/track/{token}/").status_code == 404


def test_an_expired_confirmation_link_is_404(client, org):
    import time_machine

    from .helpers import at

    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        post_form(client, org)
    request = RightsRequest.objects.get()
    link = confirm_link(request)
    with time_machine.travel(at("2026-03-10 09:00"), tick=False):
        assert client.get(link).status_code == 404
        assert client.post(link).status_code == 404


def test_tokens_are_stored_hashed(client, org):
    post_form(client, org)
    request = RightsRequest.objects.get()
    token = confirm_link(request).split("/")[-2]
    assert len(token) >= 32  # 192 random bits, URL-safe
    assert token not in (request.confirm_token_hash or "")
    assert len(request.confirm_token_hash) == 64


def test_redis_down_still_stores_the_request(client, org, django_capture_on_commit_callbacks):
    """With the broker and the cache unreachable the form still answers at once and stores."""
    from kombu.exceptions import OperationalError

    from pdp_portal.notices import tasks

    broken_cache = mock.MagicMock()
    broken_cache.add.side_effect = ConnectionError("redis down")
    broken_cache.incr.side_effect = ConnectionError("redis down")
    with (
        mock.patch.object(tasks.relay, "apply_async", side_effect=OperationalError("down")) as kick,
        mock.patch("pdp_portal.ratelimit.cache", broken_cache),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post_form(client, org)
    assert response.status_code == 302
    assert kick.called
    request = RightsRequest.objects.get()
    assert OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}").status == "pending"


def test_after_a_cache_failure_the_limiter_skips_the_cache_for_a_while():
    """Each try against a dead Redis costs the client's retries: the next hits do not pay it."""
    from pdp_portal import ratelimit

    broken_cache = mock.MagicMock()
    broken_cache.add.side_effect = ConnectionError("redis down")
    with mock.patch("pdp_portal.ratelimit.cache", broken_cache):
        assert ratelimit.hits([("t", "a@example.vn", 1)], window=60)
        assert ratelimit.hits([("t", "a@example.vn", 1)], window=60)
    assert broken_cache.add.call_count == 1
    ratelimit._skip_until = 0.0
    assert ratelimit.hits([("t", "b@example.vn", 1)], window=60)
    assert not ratelimit.hits([("t", "b@example.vn", 1)], window=60)


def test_several_counters_are_counted_together_and_any_over_its_limit_refuses():
    import uuid as _uuid

    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCacheClient

    from pdp_portal import ratelimit

    assert isinstance(cache._cache, RedisCacheClient)  # the one-round-trip path, on Redis
    ip, email = f"ip-{_uuid.uuid4()}", f"{_uuid.uuid4()}@example.vn"
    checks = [("t-ip", ip, 3), ("t-email", email, 1)]

    assert ratelimit.hits(checks, window=60)
    # The e-mail is now over its limit of one: refused, and the address is still counted.
    assert not ratelimit.hits(checks, window=60)
    assert ratelimit.hits([("t-ip", ip, 3)], window=60)
    assert not ratelimit.hits([("t-ip", ip, 3)], window=60)
    digest = ratelimit.hashlib.sha256(ip.encode()).hexdigest()[:32]
    assert cache.get(f"rl:t-ip:{digest}") == 4
    redis = cache._cache.get_client()
    assert 0 < redis.ttl(cache.make_and_validate_key(f"rl:t-ip:{digest}")) <= 60


def test_the_form_answers_before_the_confirmation_is_rendered_and_the_relay_sends_it_in_english(
    client, org, settings
):
    from django.core import mail

    from pdp_portal.notices.services import outbox_relay

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert post_form(client, org).status_code == 302
    request = RightsRequest.objects.get()
    row = OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")
    # The outbox row holds the template's context, not a rendered e-mail.
    assert (row.subject, row.body_text, row.language) == ("", "", "en")
    assert outbox_relay() == 1
    [sent] = mail.outbox
    assert sent.to == ["ha@example.vn"]
    assert f"Confirm request {request.reference}" in sent.subject
    assert "Hello Phạm Thu Hà" in sent.body
    assert re.search(r"https?://[^/]+/r/confirm/[^/\s]+/", sent.body)
    # The link confirms the request, and the receipt (with the tracking link) follows.
    link = re.search(r"https?://[^/]+(/r/confirm/[^/\s]+/)", sent.body).group(1)
    assert client.post(link).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


def test_a_post_of_the_form_is_two_statements(client, org):
    """The organisation, then the request with its e-mail and its audit event in one statement."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pdp_portal.audit.models import AuditEvent

    with CaptureQueriesContext(connection) as captured:
        response = post_form(client, org)
    assert response.status_code == 302
    # No session, user or timeline row on the way, and no transaction to open and commit (the
    # test's own transaction adds savepoints).
    queries = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(queries) == 2, queries
    request = RightsRequest.objects.get()
    message = OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")
    assert (message.recipient, message.organization_id) == ("ha@example.vn", org.pk)
    assert message.context["reference"] == request.reference
    event = AuditEvent.objects.get(action="rights.submit")
    assert (event.object_type, event.object_id) == (
        "subjects_rights.rightsrequest",
        str(request.pk),
    )
    assert (event.organization_id, event.actor_label) == (org.pk, "subject")
    assert event.params["ref"] == request.reference
    assert event.data == {"type": "access", "channel": "web"}


def test_the_submission_shows_in_the_timeline_without_a_stored_event(client, org, dpo, as_user):
    from subjects_rights.models import RequestEvent

    post_form(client, org)
    request = RightsRequest.objects.get()
    assert not RequestEvent.objects.filter(request=request).exists()
    page = as_user(dpo).get(reverse("subjects_rights:detail", args=[request.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-kind="submitted"') == 1


def test_the_lean_path_skips_the_session_but_checks_csrf_and_keeps_the_language(org, dpo, settings):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import login

    # A signed-in staff member files a request as a data subject: their session, account and
    # second factor are never read on the way.
    client = login(Client(enforce_csrf_checks=True), dpo)
    path = reverse("rights_public:form", args=[org.slug])
    assert client.post(path, form_data()).status_code == 403
    page = client.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    with CaptureQueriesContext(connection) as captured:
        assert client.post(path, form_data(csrfmiddlewaretoken=token)).status_code == 302
    tables = " ".join(q["sql"] for q in captured)
    assert "django_session" not in tables and "otp_" not in tables and "auth_user" not in tables
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(path, form_data(email="nope", key="2", csrfmiddlewaretoken=token))
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert RightsRequest.objects.count() == 1


def test_the_links_of_the_answer_and_the_e_mail_follow_the_script_prefix(client, org):
    """Both paths are reversed once and kept: per script prefix, never the first one's."""
    from django.urls import set_script_prefix

    set_script_prefix("/portal/")  # as WSGIHandler does for SCRIPT_NAME=/portal
    try:
        # The path as the portal sees it under the prefix (PATH_INFO).
        response = client.post(f"/r/{org.slug}/", form_data(key="under-portal"))
        assert response["Location"] == f"/portal/r/{org.slug}/sent/"
        first = RightsRequest.objects.get(idempotency_key="k-under-portal")
        message = OutboxMessage.objects.get(key=f"rights.confirm:{first.pk}")
        assert "/portal/r/confirm/" in message.context["confirm_url"]
    finally:
        set_script_prefix("/")
    response = post_form(client, org, key="at-root", email="lan@example.vn")
    assert response["Location"] == f"/r/{org.slug}/sent/"
    second = RightsRequest.objects.get(idempotency_key="k-at-root")
    url = OutboxMessage.objects.get(key=f"rights.confirm:{second.pk}").context["confirm_url"]
    assert "/portal/" not in url
    assert client.post(confirm_link(second)).status_code == 302
