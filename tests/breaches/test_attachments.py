"""Attachments (Form 08 section 3): checked by content, stored by random names, served by a gate."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breaches import services
from breaches.models import BreachAttachment
from pdp_portal.audit.models import AuditEvent
from tests.pdftotext import pdftotext

from .conftest import make_breach
from .test_api import PDF_HEAD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media")]


@pytest.fixture
def breach(org, dpo, at_discovery):
    return make_breach(org, dpo)


def _upload(client, breach, name="nhat-ky-truy-cap.pdf", content=PDF_HEAD, description=""):
    return client.post(
        reverse("breaches:attachment_upload", args=[breach.pk]),
        {"file": SimpleUploadedFile(name, content), "description": description},
    )


def test_an_upload_is_stored_by_a_random_name_and_listed(as_user, dpo, breach):
    client = as_user(dpo)
    response = _upload(client, breach, description="Nhật ký truy cập máy chủ")
    assert response.status_code == 302
    attachment = BreachAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF_HEAD)
    assert "nhat-ky" not in attachment.file.name and attachment.file.name.startswith("breaches/")
    page = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "nhat-ky-truy-cap.pdf" in page and "Nhật ký truy cập máy chủ" in page
    assert AuditEvent.objects.filter(action="breach.attachment_add").count() == 1


def test_form08_lists_the_attachments_in_section_3(tmp_path, dpo, breach):
    services.attachment_add(
        actor=dpo,
        breach=breach,
        upload=SimpleUploadedFile("a.pdf", PDF_HEAD),
        description="Nhật ký truy cập máy chủ",
    )
    services.attachment_add(
        actor=dpo, breach=breach, upload=SimpleUploadedFile("bao-cao.pdf", PDF_HEAD)
    )
    text = pdftotext(services.form08_draft_pdf(breach), tmp_path)
    section = " ".join(text.split("Tài liệu kèm theo", 1)[1].split())
    assert "a) Nhật ký truy cập máy chủ" in section and "b) bao-cao.pdf" in section


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gia-mao.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("script.pdf", b"<script>alert(1)</script>"),
        ("anh.png", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(as_user, dpo, breach, name, content):
    response = _upload(as_user(dpo), breach, name=name, content=content)
    assert response.status_code == 302
    assert not BreachAttachment.objects.exists()


def test_a_file_over_the_cap_is_refused(settings, as_user, dpo, breach):
    settings.UPLOAD_MAX_BYTES = 100
    _upload(as_user(dpo), breach, content=PDF_HEAD + b"0" * 200)
    assert not BreachAttachment.objects.exists()


def test_a_closed_breach_takes_no_attachment(dpo, breach):
    from breaches.models import Breach, InvalidTransition

    Breach.objects.filter(pk=breach.pk).update(status="closed")
    with pytest.raises(InvalidTransition):
        services.attachment_add(
            actor=dpo, breach=breach, upload=SimpleUploadedFile("a.pdf", PDF_HEAD)
        )
    assert not BreachAttachment.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 200), ("outsider", 404), ("regulator", 404)],
)
def test_download_by_persona(request, as_user, dpo, breach, persona, status):
    attachment = services.attachment_add(
        actor=dpo, breach=breach, upload=SimpleUploadedFile("a.pdf", PDF_HEAD)
    )
    client = as_user(request.getfixturevalue(persona))
    response = client.get(reverse("breaches:attachment", args=[breach.pk, attachment.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_HEAD
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]
        assert AuditEvent.objects.filter(action="breach.attachment_view").exists()


@pytest.mark.parametrize(("persona", "status"), [("viewer", 404), ("outsider", 404)])
def test_upload_needs_the_change_permission(request, as_user, breach, persona, status):
    response = _upload(as_user(request.getfixturevalue(persona)), breach)
    assert response.status_code == status
    assert not BreachAttachment.objects.exists()


def test_another_breachs_attachment_is_404(as_user, org, dpo, breach):
    other = make_breach(org, dpo)
    attachment = services.attachment_add(
        actor=dpo, breach=other, upload=SimpleUploadedFile("a.pdf", PDF_HEAD)
    )
    response = as_user(dpo).get(reverse("breaches:attachment", args=[breach.pk, attachment.pk]))
    assert response.status_code == 404


def test_the_api_uploads_and_refuses_by_content(as_user, dpo, breach):
    client = as_user(dpo)
    url = f"/api/v1/breaches/{breach.pk}/attachments/"
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert response.status_code == 400 and "file" in response.json()
    response = client.post(
        url, {"file": SimpleUploadedFile("x.pdf", PDF_HEAD), "description": "Biên bản"}
    )
    assert response.status_code == 201 and response.json()["description"] == "Biên bản"
    download = client.get(f"{url}{response.json()['id']}/")
    assert b"".join(download.streaming_content) == PDF_HEAD


# --- removal, and what the agency sees ---------------------------------------------------------


def _attach(dpo, breach, name="a.pdf"):
    return services.attachment_add(
        actor=dpo, breach=breach, upload=SimpleUploadedFile(name, PDF_HEAD), description=name
    )


def test_an_attachment_not_yet_sent_can_be_removed_with_its_file(
    as_user, dpo, breach, settings, django_capture_on_commit_callbacks
):
    attachment = _attach(dpo, breach)
    stored = settings.MEDIA_ROOT / attachment.file.name
    assert stored.exists()
    client = as_user(dpo)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("breaches:attachment_remove", args=[breach.pk, attachment.pk])
        )

    assert response.status_code == 302
    assert not BreachAttachment.objects.exists()
    assert not stored.exists()
    event = AuditEvent.objects.get(action="breach.attachment_remove")
    assert "a.pdf" in event.summary and event.actor == dpo


def test_an_attachment_sent_with_form08_stays(as_user, dpo, breach, at_discovery, settings):
    attachment = _attach(dpo, breach)
    services.breach_submit(actor=dpo, breach=breach)
    at_discovery.shift(60)
    client = as_user(dpo)

    page = client.post(
        reverse("breaches:attachment_remove", args=[breach.pk, attachment.pk]), follow=True
    )
    api = client.delete(f"/api/v1/breaches/{breach.pk}/attachments/{attachment.pk}/")

    assert "không thể gỡ" in page.content.decode()
    assert api.status_code == 409
    assert BreachAttachment.objects.filter(pk=attachment.pk).exists()
    assert (settings.MEDIA_ROOT / attachment.file.name).exists()
    assert not AuditEvent.objects.filter(action="breach.attachment_remove").exists()


@pytest.mark.parametrize(("persona", "status"), [("viewer", 404), ("outsider", 404)])
def test_removal_needs_the_change_permission(request, as_user, dpo, breach, persona, status):
    attachment = _attach(dpo, breach)
    client = as_user(request.getfixturevalue(persona))

    page = client.post(reverse("breaches:attachment_remove", args=[breach.pk, attachment.pk]))
    api = client.delete(f"/api/v1/breaches/{breach.pk}/attachments/{attachment.pk}/")

    assert (page.status_code, api.status_code) == (status, status)
    assert BreachAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_api_removes_an_unsent_attachment(as_user, dpo, breach):
    attachment = _attach(dpo, breach)
    response = as_user(dpo).delete(f"/api/v1/breaches/{breach.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 204
    assert not BreachAttachment.objects.exists()


def test_the_agency_gets_the_documents_sent_and_only_those(
    as_user, dpo, regulator, breach, at_discovery
):
    sent = _attach(dpo, breach, "bien-ban.pdf")
    services.breach_submit(actor=dpo, breach=breach)
    at_discovery.shift(60)
    later = _attach(dpo, breach, "bao-cao-bo-sung.pdf")
    client = as_user(regulator)
    detail = reverse("breaches_regulator:detail", args=[breach.pk])

    page = client.get(detail).content.decode()
    download = client.get(reverse("breaches_regulator:attachment", args=[breach.pk, sent.pk]))
    not_yet = client.get(reverse("breaches_regulator:attachment", args=[breach.pk, later.pk]))
    api = client.get(f"/api/v1/regulator/breaches/{breach.pk}/").json()

    assert "bien-ban.pdf" in page and "bao-cao-bo-sung.pdf" not in page
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_HEAD
    assert AuditEvent.objects.filter(action="breach.attachment_view", actor=regulator).exists()
    assert not_yet.status_code == 404
    assert [a["original_name"] for a in api["attachments"]] == ["bien-ban.pdf"]

    # Sent with the supplement, the later document reaches the agency too.
    services.breach_submit(actor=dpo, breach=breach, note="Bổ sung báo cáo")
    at_discovery.shift(60)
    api = client.get(f"/api/v1/regulator/breaches/{breach.pk}/attachments/{later.pk}/")
    assert api.status_code == 200 and b"".join(api.streaming_content) == PDF_HEAD
    listed = client.get(f"/api/v1/regulator/breaches/{breach.pk}/").json()["attachments"]
    assert [a["original_name"] for a in listed] == ["bien-ban.pdf", "bao-cao-bo-sung.pdf"]


@pytest.mark.parametrize("persona", ["dpo", "outsider"])
def test_only_the_agency_downloads_through_its_pages(
    request, as_user, dpo, breach, at_discovery, persona
):
    sent = _attach(dpo, breach)
    services.breach_submit(actor=dpo, breach=breach)
    client = as_user(request.getfixturevalue(persona))
    url = reverse("breaches_regulator:attachment", args=[breach.pk, sent.pk])
    assert client.get(url).status_code == 404
    assert (
        client.get(f"/api/v1/regulator/breaches/{breach.pk}/attachments/{sent.pk}/").status_code
        == 404
    )


def test_a_draft_breach_shows_the_agency_nothing(as_user, dpo, regulator, breach):
    attachment = _attach(dpo, breach)
    url = reverse("breaches_regulator:attachment", args=[breach.pk, attachment.pk])
    assert as_user(regulator).get(url).status_code == 404


def test_an_attachment_keeps_the_hash_of_its_upload_and_is_served_only_while_it_matches(
    as_user, dpo, breach
):
    import hashlib

    from tests.stored_files import assert_served_until_tampered

    client = as_user(dpo)
    assert _upload(client, breach).status_code == 302
    attachment = BreachAttachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(PDF_HEAD).hexdigest()
    # The ledger holds the same hash, from the moment of the upload.
    event = AuditEvent.objects.get(action="breach.attachment_add")
    assert event.data["sha256"] == attachment.sha256
    page = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert f'title="{attachment.sha256}"' in page
    api = client.get(f"/api/v1/breaches/{breach.pk}/").json()
    assert [a["sha256"] for a in api["attachments"]] == [attachment.sha256]
    url = reverse("breaches:attachment", args=[breach.pk, attachment.pk])
    assert_served_until_tampered(client, url, attachment)


def test_attachments_from_before_the_hash_get_the_hash_of_their_stored_file(dpo, breach):
    import hashlib
    import importlib

    from django.apps import apps

    migration = importlib.import_module("breaches.migrations.0004_attachment_sha256")
    kept, lost = (
        services.attachment_add(actor=dpo, breach=breach, upload=SimpleUploadedFile(n, PDF_HEAD))
        for n in ("a.pdf", "b.pdf")
    )
    BreachAttachment.objects.update(sha256="")
    lost.file.delete(save=False)
    migration.hash_stored_files(apps, None)
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.sha256 == hashlib.sha256(PDF_HEAD).hexdigest()
    assert lost.sha256 == ""  # nothing can show what the missing file was
