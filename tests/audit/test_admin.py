import pytest
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import audit_record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(as_user):
    return as_user(make_user("root", is_staff=True, is_superuser=True))


@pytest.fixture
def event(db):
    return audit_record(
        returning_id=True, actor="test", action="test.admin", summary="Không được sửa"
    )


def test_the_admin_lists_events(admin_client, event):
    response = admin_client.get(reverse("admin:audit_auditevent_changelist"))

    assert response.status_code == 200
    assert "Không được sửa" in response.content.decode()


def test_the_admin_cannot_add_events(admin_client):
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403


def test_the_admin_shows_an_event_without_a_save_button(admin_client, event):
    url = reverse("admin:audit_auditevent_change", args=[event.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_the_admin_refuses_to_change_an_event(admin_client, event):
    url = reverse("admin:audit_auditevent_change", args=[event.pk])

    response = admin_client.post(url, {"summary": "Đã sửa", "action": "test.admin"})

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.summary == "Không được sửa"


def test_the_admin_refuses_to_delete_an_event(admin_client, event):
    url = reverse("admin:audit_auditevent_delete", args=[event.pk])

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
