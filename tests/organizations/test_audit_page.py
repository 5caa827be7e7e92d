import pytest
from django.urls import reverse

from .conftest import DPO_ONLY, matrix

pytestmark = pytest.mark.django_db


# The audit page belongs to the audit app; here only who may open it.
@pytest.mark.parametrize(("persona", "status"), matrix(DPO_ONLY))
def test_audit_page_by_persona(client_as, org, persona, status):
    assert (
        client_as(persona).get(reverse("audit:organization", args=[org.pk])).status_code == status
    )
