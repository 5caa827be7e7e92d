"""Each person's language: kept from the language switch, used for what the portal e-mails them."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from pdp_portal.accounts.models import Preference
from pdp_portal.accounts.preferences import remember_language, user_language
from pdp_portal.notices.models import OutboxMessage
from tests.accounts.helpers import current_code, post_password
from tests.factories import add_member, make_totp, make_user
from tests.subjects_rights.helpers import enter

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_the_switch_keeps_a_signed_in_persons_choice(as_user, dpo):
    client = as_user(dpo)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert user_language(fresh(dpo)) == "en"
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert user_language(fresh(dpo)) == "vi"


def test_an_anonymous_switch_or_an_unknown_language_keeps_nothing(client, as_user, dpo):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    as_user(dpo).post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert not Preference.objects.exists()
    assert user_language(fresh(dpo)) == settings.LANGUAGE_CODE


def test_a_new_browser_opens_in_the_language_chosen_before(client, dpo):
    remember_language(dpo, "en")
    device = make_totp(dpo)
    post_password(client, dpo.username)
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_staff_are_emailed_in_their_own_language_whoever_acted(org, dpo):
    reader = make_user("dpo-en")
    add_member(org, reader, "dpo")
    remember_language(reader, "en")
    with translation.override("vi"):  # the colleague who records the request reads Vietnamese
        request, _token = enter(org, dpo, full_name="An", description="Erase my data")
    mails = {
        mail.recipient_user_id: mail
        for mail in OutboxMessage.objects.filter(
            key__startswith=f"rights.staff.received:{request.pk}:"
        )
    }
    english, vietnamese = mails[reader.pk], mails[dpo.pk]
    assert english.language == "en" and vietnamese.language == "vi"
    typed = org.name  # the organisation's name is what its users typed: the same for both
    assert not VIETNAMESE.search((english.subject + english.body_text).replace(typed, ""))
    assert VIETNAMESE.search(vietnamese.subject.replace(typed, ""))
