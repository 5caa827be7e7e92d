import pytest
from django.urls import reverse

from pdp_portal.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _url(org, **params):
    url = reverse("audit:organization", args=[org.pk])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


@pytest.fixture
def events(org, other_org):
    audit_record(actor="test", action="request.receive", organization=org, summary="Nhận yêu cầu A")
    audit_record(
        actor="test", action="request.respond", organization=org, summary="Trả lời yêu cầu A"
    )
    audit_record(
        actor="test",
        action="request.receive",
        organization=other_org,
        summary="Bí mật của bên khác",
    )


def _rows(response) -> list[str]:
    return [e.summary for e in response.context["page"]]


def test_the_dpo_sees_only_their_organisations_events(as_user, dpo, org, events):
    response = as_user(dpo).get(_url(org))

    assert response.status_code == 200
    rows = _rows(response)
    assert "Nhận yêu cầu A" in rows and "Trả lời yêu cầu A" in rows
    assert "Bí mật của bên khác" not in response.content.decode()
    # Newest first.
    assert rows.index("Trả lời yêu cầu A") < rows.index("Nhận yêu cầu A")


def test_the_dpo_filters_by_action_actor_and_text(as_user, dpo, org, events):
    client = as_user(dpo)

    assert _rows(client.get(_url(org, action="request.respond"))) == ["Trả lời yêu cầu A"]
    assert _rows(client.get(_url(org, q="nhận yêu"))) == ["Nhận yêu cầu A"]
    by_test = _rows(client.get(_url(org, actor="test", action="request.receive")))
    assert by_test == ["Nhận yêu cầu A"]
    assert _rows(client.get(_url(org, actor="nobody-like-this"))) == []
    response = client.get(_url(org))
    assert list(response.context["actions"]) == sorted(set(response.context["actions"]))


def test_the_text_filter_finds_a_reference_kept_as_a_parameter(as_user, dpo, org, events):
    audit_record(
        actor="test",
        action="rights.respond",
        organization=org,
        message="%(ref)s: phản hồi chủ thể dữ liệu",
        params={"ref": "YC-7K3M-9QXP"},
    )
    client = as_user(dpo)

    assert _rows(client.get(_url(org, q="yc-7k3m"))) == ["YC-7K3M-9QXP: phản hồi chủ thể dữ liệu"]
    assert _rows(client.get(_url(org, q="phản hồi chủ thể"))) == [
        "YC-7K3M-9QXP: phản hồi chủ thể dữ liệu"
    ]


@pytest.mark.parametrize("persona", ["staff", "viewer", "outsider", "regulator"])
def test_everyone_but_the_dpo_gets_404(request, as_user, org, events, persona):
    client = as_user(request.getfixturevalue(persona))

    assert client.get(_url(org)).status_code == 404


def test_a_missing_organisation_is_404_too(as_user, dpo):
    assert as_user(dpo).get(reverse("audit:organization", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(_url(org))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_number_of_queries_does_not_grow_with_the_events(
    as_user, dpo, org, django_assert_max_num_queries
):
    client = as_user(dpo)
    client.get(_url(org))
    for i in range(30):
        audit_record(actor=dpo, action="request.view", organization=org, summary=f"Xem {i}")
    with django_assert_max_num_queries(15):
        assert client.get(_url(org)).status_code == 200
