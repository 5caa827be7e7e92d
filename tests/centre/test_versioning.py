"""Each publication is a frozen version with its content hash; drafts stay apart; audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from pdp_portal.centre import services
from pdp_portal.centre.models import CentreVersion, content_hash

from .helpers import TEXTS, publish

pytestmark = pytest.mark.django_db


def test_publishing_freezes_the_draft_with_its_hash(org, dpo):
    version = publish(org, actor=dpo)
    assert version.number == 1
    assert version.content == TEXTS
    assert version.content_hash == content_hash(TEXTS)
    assert len(version.content_hash) == 64
    assert version.published_by == dpo


def test_a_draft_edit_does_not_change_what_the_public_reads(client, org, dpo):
    version = publish(org, actor=dpo)
    services.centre_draft_save(
        actor=dpo, organization=org, texts={**TEXTS, "introduction_vi": "Bản nháp mới."}
    )
    version.refresh_from_db()
    assert version.content == TEXTS
    assert version.content_hash == content_hash(TEXTS)
    page = client.get(reverse("centre_public:centre", args=[org.slug])).content.decode()
    assert "Bản nháp mới." not in page
    assert TEXTS["introduction_vi"] in page


def test_publishing_again_keeps_the_old_version_and_withdraws_it(org, dpo):
    first = publish(org, actor=dpo)
    second = publish(org, actor=dpo, introduction_vi="Lời giới thiệu thứ hai.")
    first.refresh_from_db()
    assert second.number == 2
    assert first.withdrawn_at is not None and first.content == TEXTS
    assert second.content_hash != first.content_hash
    assert services.live_version(org) == second
    assert CentreVersion.objects.filter(organization=org, withdrawn_at__isnull=True).count() == 1


def test_it_refuses_to_publish_without_a_vietnamese_introduction(org, dpo):
    with pytest.raises(ValidationError) as exc:
        publish(org, actor=dpo, introduction_vi="  ")
    assert "introduction_vi" in exc.value.message_dict
    assert not CentreVersion.objects.exists()


def test_unpublishing_twice_is_refused_with_a_message(org, dpo):
    publish(org, actor=dpo)
    services.centre_unpublish(actor=dpo, organization=org)
    with pytest.raises(ValidationError):
        services.centre_unpublish(actor=dpo, organization=org)


def test_every_step_is_audited_as_a_message_key(org, dpo):
    version = publish(org, actor=dpo)
    services.centre_unpublish(actor=dpo, organization=org)
    actions = list(
        AuditEvent.objects.filter(organization_id=org.pk, action__startswith="centre.")
        .order_by("id")
        .values_list("action", "message", "params")
    )
    assert [a for a, _m, _p in actions] == [
        "centre.draft.save",
        "centre.publish",
        "centre.unpublish",
    ]
    publish_row = actions[1]
    assert publish_row[1] == "Công bố trung tâm quyền riêng tư phiên bản %(version)s"
    assert publish_row[2]["hash"] == version.content_hash


def test_the_demo_organisations_publish_a_centre(org, other_org):
    from pdp_portal.centre import demo

    org.slug, other_org.slug = "hoa-sen", "song-hong"
    org.save(update_fields=["slug"])
    other_org.save(update_fields=["slug"])
    demo.seed({"organizations": [org, other_org]})
    for organization in (org, other_org):
        version = services.live_version(organization)
        assert version.content == demo.TEXTS[organization.slug]
        assert version.content_hash == content_hash(version.content)
