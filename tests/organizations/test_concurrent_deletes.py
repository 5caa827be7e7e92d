"""A membership removed twice at once, and any page POST whose row vanished: 409, never 500."""

import pytest
from django.conf import settings
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from pdp_portal.organizations import services
from pdp_portal.organizations.models import Membership

pytestmark = pytest.mark.django_db


def test_a_second_removal_of_the_same_membership_is_refused(dpo, staff, org):
    stale = Membership.objects.get(user=staff, organization=org)
    services.membership_remove(actor=dpo, membership=Membership.objects.get(pk=stale.pk))
    with pytest.raises(services.MembershipError, match="vừa bị xóa"):
        services.membership_remove(actor=dpo, membership=stale)
    assert AuditEvent.objects.filter(action="membership.remove").count() == 1


@pytest.mark.parametrize(
    ("language", "text"),
    [("vi", "vừa bị xóa bởi một thao tác khác"), ("en", "just deleted by another action")],
)
def test_a_post_whose_row_vanished_answers_409_in_the_users_language(
    as_user, dpo, staff, org, monkeypatch, language, text
):
    membership = Membership.objects.get(user=staff, organization=org)

    def vanished(**kwargs):
        raise Membership.DoesNotExist("Membership matching query does not exist.")

    monkeypatch.setattr(services, "membership_remove", vanished)
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    members = reverse("organizations:members", args=[org.pk])
    response = client.post(
        reverse("organizations:member_remove", args=[org.pk, membership.pk]),
        HTTP_REFERER=f"http://testserver{members}",
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert text in page and f'href="http://testserver{members}"' in page


def test_a_get_that_finds_nothing_is_not_turned_into_409(as_user, dpo, org):
    # Only a write racing a delete is a conflict; a missing object on a read stays a 404.
    response = as_user(dpo).get(reverse("organizations:detail", args=[org.pk + 999]))
    assert response.status_code == 404
