"""The subject's e-mailed links: expired ones are swept away (counted in the audit), and an
expired link opens a page in the link's language with a way to ask for a new one."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from consents import access, tasks
from consents.models import SubjectAccess
from pdp_portal.audit.models import AuditEvent
from pdp_portal.notices.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _link(org, email="an@example.vn", language="vi"):
    access.access_request(organization=org, email=email, language=language)
    body = OutboxMessage.objects.filter(template="consents_access").latest("id").body_text
    url = re.search(r"https?://\S+", body).group(0)
    return "/" + url.split("//", 1)[1].split("/", 1)[1]


def _expire_all():
    SubjectAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))


def test_the_sweep_deletes_expired_links_and_audits_the_count(org, other_org):
    for i in range(3):
        _link(org, f"a{i}@example.vn")
    _link(other_org, "b@example.vn")
    _expire_all()
    _link(org, "fresh@example.vn")
    assert access.access_sweep(batch=2) == 4
    assert list(SubjectAccess.objects.values_list("email", flat=True)) == ["fresh@example.vn"]
    events = AuditEvent.objects.filter(action="consents.links.sweep")
    assert sorted(e.params["count"] for e in events) == [1, 1, 2]
    assert not any("@" in str(e.params) + str(e.data) for e in events)
    # Safe to run twice.
    assert tasks.sweep_links() == 0
    assert events.count() == 3


def test_an_expired_link_says_so_in_its_language_and_offers_a_new_one(client, org):
    link = _link(org, language="en")
    assert "?lang=en" in link
    _expire_all()
    access.access_sweep()
    # The row is gone: the page still speaks the link's language.
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="expired"' in page and "This link has expired" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert f'action="/consent/{org.slug}/"' in page
    again = client.post(f"/consent/{org.slug}/", {"email": "an@example.vn", "language": "en"})
    assert again.status_code == 200
    assert SubjectAccess.objects.get().language == "en"


def test_an_expired_link_not_yet_swept_uses_the_language_it_was_sent_in(client, org):
    link = _link(org, language="vi").split("?")[0]
    _expire_all()
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Đường dẫn đã hết hạn" in page
    assert client.get(link + "receipt/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_wrong_organisation_answers_a_plain_404(client, org):
    link = _link(org)
    assert client.get(link.replace(org.slug, "no-such-org")).status_code == 404
