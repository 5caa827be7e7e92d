"""Two people act on one attachment at once: the second is told, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breaches import services
from breaches.models import BreachAttachment, InvalidTransition
from pdp_portal.audit.models import AuditEvent

from .conftest import make_breach
from .test_api import PDF_HEAD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media")]


@pytest.fixture
def attachment(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    return services.attachment_add(
        actor=dpo, breach=breach, upload=SimpleUploadedFile("a.pdf", PDF_HEAD)
    )


def test_removing_an_attachment_another_request_removed_is_refused(dpo, attachment):
    stale = BreachAttachment.objects.get(pk=attachment.pk)  # read by the second page
    services.attachment_remove(actor=dpo, attachment=attachment)
    with pytest.raises(InvalidTransition, match="vừa bị xóa"):
        services.attachment_remove(actor=dpo, attachment=stale)
    assert AuditEvent.objects.filter(action="breach.attachment_remove").count() == 1


def test_the_page_says_so_when_the_row_went_between_its_read_and_the_lock(
    as_user, dpo, attachment, monkeypatch
):
    stale = BreachAttachment.objects.get(pk=attachment.pk)
    services.attachment_remove(actor=dpo, attachment=attachment)
    # The page read the attachment just before the other request deleted it.
    monkeypatch.setattr("breaches.views.get_object_or_404", lambda *a, **k: stale)
    client = as_user(dpo)
    url = reverse("breaches:attachment_remove", args=[stale.breach_id, stale.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "vừa bị xóa bởi một thao tác khác" in response.content.decode()
