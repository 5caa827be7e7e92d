"""The admin shows the records that change only through services, and never changes them."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from breaches.models import Breach, BreachReviewEvent, BreachSubmission, SubjectNotice
from certification.models import Application, Certificate, ChangeRequest
from inspections.models import Bundle, Inspection
from pdp_portal.audit.models import AuditCheckpoint, AuditEvent
from subjects_rights.models import RightsRequest
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SERVICE_MODELS = [
    AuditEvent,
    AuditCheckpoint,
    Breach,
    SubjectNotice,
    Application,
    Certificate,
    ChangeRequest,
    Inspection,
    Bundle,
    RightsRequest,
]


@pytest.fixture
def request_of_root():
    request = RequestFactory().get("/admin/")
    request.user = make_user("root", is_staff=True, is_superuser=True)
    return request


@pytest.mark.parametrize("model", SERVICE_MODELS, ids=lambda m: m._meta.label)
def test_even_a_superuser_cannot_add_change_or_delete_it(model, request_of_root):
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request_of_root)
    assert not model_admin.has_change_permission(request_of_root)
    assert not model_admin.has_delete_permission(request_of_root)
    assert model_admin.has_view_permission(request_of_root)


@pytest.mark.parametrize("model", [BreachSubmission, BreachReviewEvent])
def test_a_breach_shows_its_history_without_a_row_to_add_or_delete(model, request_of_root):
    breach_admin = admin.site._registry[Breach]
    (inline,) = [i for i in breach_admin.get_inline_instances(request_of_root) if i.model is model]

    assert not inline.has_add_permission(request_of_root, None)
    assert not inline.has_change_permission(request_of_root)
    assert inline.extra == 0 and not inline.can_delete
