"""The DPO drafts and publishes a notice, makes and revokes a key; others get 404."""

import pytest

from consents.models import Notice, PropertyKey

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def _notice_post(activity):
    return {
        "title_vi": "Thông báo bản tin",
        "text_vi": "Chúng tôi gửi bản tin khuyến mãi qua thư điện tử.",
        "title_en": "Newsletter",
        "text_en": "We send offers by e-mail.",
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "1000",
        "p-0-code": "newsletter",
        "p-0-label_vi": "Bản tin khuyến mãi",
        "p-0-label_en": "Offers",
        "p-0-activity": str(activity.pk),
        "p-0-marketing": "on",
        "p-1-code": "",
        "p-1-label_vi": "",
        "p-1-activity": "",
    }


def test_the_dpo_drafts_then_publishes_a_notice(as_user, dpo, org):
    client = as_user(dpo)
    activity = make_activity(org)
    response = client.post(f"/consents/{org.pk}/notices/new/", _notice_post(activity))
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get()
    assert notice.status == "draft" and notice.purposes.get().marketing
    client.post(f"/consents/notices/{notice.pk}/publish/")
    notice.refresh_from_db()
    assert notice.status == "published" and len(notice.content_hash) == 64
    assert 'data-testid="publish"' not in client.get("/consents/").content.decode()


def test_a_purpose_needs_an_activity_of_the_organisation(as_user, dpo, org, other_org):
    client = as_user(dpo)
    theirs = make_activity(other_org)
    response = client.post(f"/consents/{org.pk}/notices/new/", _notice_post(theirs))
    assert response.status_code == 200 and not Notice.objects.exists()


def test_the_dpo_makes_and_revokes_a_key(as_user, dpo, org):
    client = as_user(dpo)
    page = client.post(f"/consents/{org.pk}/keys/", {"name": "shop.vn"}).content.decode()
    key = PropertyKey.objects.get()
    assert key.prefix in page and 'data-testid="secret"' in page
    assert 'data-copy="new-key"' in page
    page = client.post(f"/consents/{org.pk}/keys/", {"revoke": key.pk}, follow=True)
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert "Đã thu hồi khóa “shop.vn”" in page.content.decode()


def test_another_organisation_s_dpo_gets_404(as_user, outsider, org):
    client = as_user(outsider)
    activity = make_activity(org)
    assert client.get(f"/consents/{org.pk}/notices/new/").status_code == 404
    assert (
        client.post(f"/consents/{org.pk}/notices/new/", _notice_post(activity)).status_code == 404
    )
    assert client.get(f"/consents/{org.pk}/keys/").status_code == 404
    from consents import services

    notice = services.notice_create(
        actor="test",
        organization=org,
        title_vi="T",
        text_vi="X",
        purposes=[{"code": "a", "label_vi": "A", "activity": activity}],
    )
    assert client.post(f"/consents/notices/{notice.pk}/publish/").status_code == 404
    notice.refresh_from_db()
    assert notice.status == "draft"


def test_a_viewer_may_not_draft_or_make_keys(as_user, viewer, org):
    client = as_user(viewer)
    assert client.get(f"/consents/{org.pk}/notices/new/").status_code == 404
    assert client.get(f"/consents/{org.pk}/keys/").status_code == 404


def test_staff_enter_a_written_consent_with_its_scanned_form(as_user, dpo, org, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consents.models import ConsentRecord
    from tests.factories import PDF

    from .conftest import make_notice

    settings.MEDIA_ROOT = tmp_path
    notice = make_notice(org)
    client = as_user(dpo)
    url = f"/consents/{org.pk}/record/?notice={notice.pk}"
    page = client.get(url).content.decode()
    import re

    # No answer is chosen in advance (Decree 356/2025 Art. 6(3)): only "—" is checked.
    assert 'name="purpose_delivery"' in page
    assert not re.search(r'value="(given|refused)"[^>]*checked', page)
    post = {
        "identifier_kind": "phone",
        "identifier": "0901234567",
        "purpose_delivery": "given",
        "method": "written",
        "collection_point": "counter",
        "collected_at": "2026-03-02T09:30",
        "language": "vi",
        "capacity": "full",
    }
    response = client.post(url, post)
    assert response.status_code == 200 and "Điều 6 khoản 1" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    post["evidence_file"] = SimpleUploadedFile("Nguyen Van An - phieu dong y.pdf", PDF)
    response = client.post(url, post)
    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert record.source == "staff" and record.method == "written"
    assert "Nguyen" not in record.evidence_file.name and record.evidence_file.name.endswith(".pdf")
    assert (tmp_path / record.evidence_file.name).read_bytes() == PDF


def test_publishing_a_published_notice_again_says_why_on_the_list(as_user, dpo, org):
    client = as_user(dpo)
    activity = make_activity(org)
    client.post(f"/consents/{org.pk}/notices/new/", _notice_post(activity))
    notice = Notice.objects.get()
    client.post(f"/consents/notices/{notice.pk}/publish/")
    response = client.post(f"/consents/notices/{notice.pk}/publish/", follow=True)
    assert response.redirect_chain[-1][0] == "/consents/"
    said = [str(m) for m in response.context["messages"]]
    # The draft saved and published once; the second publishing is refused with the reason.
    assert said == [
        "Đã lưu bản nháp thông báo.",
        "Đã công bố thông báo.",
        "Thông báo đã công bố không thể sửa: hãy soạn phiên bản mới.",
    ]
