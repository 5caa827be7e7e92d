import pytest
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent

from .conftest import DPO_ONLY, matrix

pytestmark = pytest.mark.django_db


def form_data(org, **changes):
    """Return the edit form's POST data for ``org``, with ``changes``."""
    data = {
        "name": org.name,
        "name_foreign": org.name_foreign,
        "abbreviation": org.abbreviation,
        "tax_code": org.tax_code,
        "registration_document": org.registration_document,
        "head_office": org.head_office,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        "business_lines": ", ".join(org.business_lines),
        "sectors": org.sectors,
        "size_class": org.size_class,
        "roles": org.roles,
        "data_subject_count": str(org.data_subject_count),
        "calendar": org.calendar,
        "slug": org.slug,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


@pytest.mark.parametrize(("persona", "status"), matrix(DPO_ONLY))
def test_edit_page_by_persona(client_as, org, persona, status):
    assert (
        client_as(persona).get(reverse("organizations:edit", args=[org.pk])).status_code == status
    )


@pytest.mark.parametrize(("persona", "status"), matrix({**DPO_ONLY, "dpo": 302}))
def test_edit_post_by_persona(client_as, org, persona, status):
    url = reverse("organizations:edit", args=[org.pk])
    response = client_as(persona).post(url, form_data(org, head_office="Số 9 Lê Lợi, Huế"))
    assert response.status_code == status
    org.refresh_from_db()
    assert (org.head_office == "Số 9 Lê Lợi, Huế") == (persona == "dpo")


def test_it_saves_and_audits_the_change(client_as, org):
    url = reverse("organizations:edit", args=[org.pk])
    response = client_as("dpo").post(
        url, form_data(org, business_lines="6201; 6311", sectors=["health"])
    )
    assert response["Location"] == org.get_absolute_url()
    org.refresh_from_db()
    assert org.business_lines == ["6201", "6311"]
    assert org.sectors == ["health"]
    event = AuditEvent.objects.filter(action="organization.update").latest("id")
    assert event.organization == org
    assert set(event.data["changed"]) == {"business_lines", "sectors"}


def test_an_unchanged_form_writes_no_audit_event(client_as, org):
    client = client_as("dpo")
    before = AuditEvent.objects.count()
    client.post(reverse("organizations:edit", args=[org.pk]), form_data(org))
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tax_code", "12345"),
        ("tax_code", "0101234567-01"),
        ("business_lines", "62A1, 6311"),
        ("business_lines", "1"),
        ("slug", "Có Dấu"),
        ("name", ""),
        ("head_office", ""),
        ("email", "not-an-email"),
        ("website", "ht!tp://"),
        ("size_class", "huge"),
        ("calendar", "lunar"),
        ("roles", ["king"]),
        ("sectors", ["space"]),
        ("data_subject_count", "-1"),
        ("data_subject_count", "99999999999"),
        ("data_subject_count", "nhiều"),
    ],
)
def test_it_re_renders_the_form_with_a_field_error(client_as, org, field, value):
    old_name = org.name
    response = client_as("dpo").post(
        reverse("organizations:edit", args=[org.pk]), form_data(org, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    # The heading shows the saved name, never the rejected value.
    assert f"· {old_name}</h1>" in response.content.decode()
    org.refresh_from_db()
    assert org.name == old_name


def test_it_refuses_another_organizations_slug(client_as, org, other_org):
    response = client_as("dpo").post(
        reverse("organizations:edit", args=[org.pk]), form_data(org, slug=other_org.slug)
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors


def test_it_refuses_another_organizations_tax_code(client_as, org, other_org):
    response = client_as("dpo").post(
        reverse("organizations:edit", args=[org.pk]), form_data(org, tax_code=other_org.tax_code)
    )
    assert response.status_code == 200
    assert "tax_code" in response.context["form"].errors


def test_it_accepts_a_branch_tax_code(client_as, org):
    client_as("dpo").post(
        reverse("organizations:edit", args=[org.pk]), form_data(org, tax_code="0101234567-001")
    )
    org.refresh_from_db()
    assert org.tax_code == "0101234567-001"


def test_a_refusal_about_a_field_the_form_lacks_is_shown_above_the_fields(client_as, org):
    from unittest import mock

    from django.core.exceptions import ValidationError

    from pdp_portal.organizations import services

    refusal = ValidationError({"id": ["Tổ chức này đang được cập nhật ở nơi khác."]})
    url = reverse("organizations:edit", args=[org.pk])
    with mock.patch.object(services, "organization_update", side_effect=refusal):
        response = client_as("dpo").post(url, form_data(org, head_office="Số 9 Lê Lợi, Huế"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["Tổ chức này đang được cập nhật ở nơi khác."]
    assert form["head_office"].value() == "Số 9 Lê Lợi, Huế"  # nothing typed is lost
