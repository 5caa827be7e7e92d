"""The DPO's page: staff draft, only the DPO publishes, a viewer reads, another organisation 404."""

import dataclasses

import pytest
from django.urls import reverse

from pdp_portal.centre import services
from pdp_portal.centre.models import CentreVersion
from pdp_portal.clock import rules

from .helpers import TEXTS, publish

pytestmark = pytest.mark.django_db


def _edit(org):
    return reverse("centre:edit", args=[org.pk])


def test_anonymous_is_sent_to_the_login(client, org):
    response = client.get(_edit(org))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_dpo_saves_previews_and_publishes(as_user, dpo, org):
    client = as_user(dpo)
    assert client.get(_edit(org)).status_code == 200
    response = client.post(_edit(org), TEXTS)
    assert response.status_code == 302
    preview = client.get(reverse("centre:preview", args=[org.pk])).content.decode()
    assert 'data-testid="centre-preview"' in preview and TEXTS["introduction_vi"] in preview
    assert not CentreVersion.objects.exists()
    client.post(reverse("centre:publish", args=[org.pk]))
    assert services.live_version(org).content == TEXTS
    page = client.get(_edit(org)).content.decode()
    assert f"/p/{org.slug}/embed.js" in page
    assert "&lt;a href=&quot;" in page or '&lt;a href="' in page
    client.post(reverse("centre:unpublish", args=[org.pk]))
    assert services.live_version(org) is None


def test_publishing_without_an_introduction_shows_the_error(as_user, dpo, org):
    response = as_user(dpo).post(reverse("centre:publish", args=[org.pk]))
    assert response.status_code == 400
    assert "Hãy viết lời giới thiệu bằng tiếng Việt trước khi công bố." in response.content.decode()


def test_staff_may_draft_but_not_publish(as_user, staff, org):
    client = as_user(staff)
    assert client.post(_edit(org), TEXTS).status_code == 302
    assert client.post(reverse("centre:publish", args=[org.pk])).status_code == 404
    assert not CentreVersion.objects.exists()


def test_a_viewer_reads_but_cannot_save(as_user, viewer, org):
    client = as_user(viewer)
    page = client.get(_edit(org)).content.decode()
    assert 'data-testid="centre-save"' not in page and "disabled" in page
    assert client.post(_edit(org), TEXTS).status_code == 404


def test_another_organisation_cannot_reach_or_change_the_centre(as_user, outsider, org):
    publish(org)
    client = as_user(outsider)
    for name in ("edit", "preview"):
        assert client.get(reverse(f"centre:{name}", args=[org.pk])).status_code == 404
    assert client.post(_edit(org), {**TEXTS, "introduction_vi": "X"}).status_code == 404
    assert client.post(reverse("centre:unpublish", args=[org.pk])).status_code == 404
    assert services.live_version(org) is not None


def test_the_time_limits_on_the_centre_come_from_the_catalogue(client, org, monkeypatch):
    publish(org)
    url = reverse("centre_public:centre", args=[org.slug])
    erase = rules.RULES["rights.erase.fulfil"]
    page = client.get(url).content.decode()
    assert f"<strong>{erase.period_text}</strong> ({erase.basis})" in page
    changed = dataclasses.replace(erase, period=erase.period + 7)
    monkeypatch.setitem(rules.RULES, "rights.erase.fulfil", changed)
    page = client.get(url).content.decode()
    assert f"<strong>{changed.period_text}</strong> ({changed.basis})" in page
    assert f"<strong>{erase.period_text}</strong> ({erase.basis})" not in page


def test_the_api_drafts_publishes_and_unpublishes_with_the_same_gates(as_user, dpo, staff, org):
    url = f"/api/v1/organizations/{org.pk}/centre/"
    staff_client = as_user(staff)
    response = staff_client.post(url + "draft/", TEXTS, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["draft"] == TEXTS and response.json()["live"] is None
    assert staff_client.post(url + "publish/").status_code == 404
    dpo_client = as_user(dpo)
    live = dpo_client.post(url + "publish/").json()["live"]
    assert live["number"] == 1 and live["content_hash"] == services.live_version(org).content_hash
    assert dpo_client.post(url + "unpublish/").status_code == 200
    response = dpo_client.post(url + "unpublish/")
    assert response.status_code == 409
    assert response.json()["detail"] == "Trung tâm quyền riêng tư chưa được công bố."


def test_the_api_hides_another_organisations_centre(as_user, outsider, org):
    response = as_user(outsider).get(f"/api/v1/organizations/{org.pk}/centre/")
    assert response.status_code == 404


def test_a_publishing_refusal_that_names_no_field_is_shown_above_the_fields(as_user, dpo, org):
    from unittest import mock

    from django.core.exceptions import ValidationError

    refusal = ValidationError("Trung tâm đang được công bố ở nơi khác.")
    with mock.patch.object(services, "centre_publish", side_effect=refusal):
        response = as_user(dpo).post(reverse("centre:publish", args=[org.pk]))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Trung tâm đang được công bố ở nơi khác."
    ]
    assert not CentreVersion.objects.exists()


def test_unpublishing_a_centre_not_published_says_so_on_the_edit_page(as_user, dpo, org):
    response = as_user(dpo).post(reverse("centre:unpublish", args=[org.pk]), follow=True)
    assert response.redirect_chain[-1][0] == _edit(org)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["Trung tâm quyền riêng tư chưa được công bố."]
