import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 200), ("outsider", 404), ("regulator", 404)],
)
def test_organization_page_by_persona(request, as_user, org, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("organizations:detail", args=[org.pk])).status_code == status


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(reverse("organizations:detail", args=[org.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
