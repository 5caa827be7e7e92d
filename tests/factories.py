"""Plain test factories: small functions that make valid objects with sensible defaults."""

import itertools

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from pdp_portal.organizations import services as org_services
from pdp_portal.organizations.models import Organization, ProtectionContact

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_user(username=None, *, email=None, password=PASSWORD, **extra):
    n = next(_seq)
    username = username or f"user{n}"
    return get_user_model().objects.create_user(
        username=username, email=email or f"{username}@example.vn", password=password, **extra
    )


def make_organization(*, name=None, dpo=None, **fields):
    n = next(_seq)
    defaults = {
        "name": name or f"Công ty Cổ phần Thử nghiệm {n}",
        "tax_code": f"{n:010d}",
        "head_office": "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
        "slug": f"org-{n}",
        "size_class": "medium",
        "roles": ["controller"],
    }
    defaults.update(fields)
    org = org_services.organization_create(actor="test", **defaults)
    if dpo is not None:
        org_services.membership_set(actor="test", organization=org, user=dpo, role="dpo")
    return org


def add_member(org: Organization, user, role: str):
    return org_services.membership_set(actor="test", organization=org, user=user, role=role)


def make_member(org: Organization, username: str, role: str, **fields):
    """Return a new user who is a member of ``org`` with ``role``."""
    user = make_user(username, **fields)
    add_member(org, user, role)
    return user


def make_regulator(username=None, **fields):
    """Return a new user the portal knows as the regulator's officer (the agency, A05)."""
    user = make_user(username, **fields)
    org_services.regulator_grant(actor="test", user=user)
    return user


def make_contact(org: Organization, **fields) -> ProtectionContact:
    """Save the organisation's primary data protection contact (Decree 356/2025 Art. 13-16)."""
    values = {
        "kind": "staff",
        "name": "Nguyễn Thị Lan",
        "position": "Trưởng bộ phận pháp chế",
        "email": "dpo@hoasen.example.vn",
        "phone": "024 3825 1234",
        "is_primary": True,
    }
    values.update(fields)
    return org_services.protection_contact_save(
        actor="test", organization=org, contact=ProtectionContact(**values)
    )


def persona_organizations(request) -> list[Organization]:
    """Return the persona organisations (fixtures ``org``, ``other_org``) the running test uses."""
    return [request.getfixturevalue(n) for n in ("org", "other_org") if n in request.fixturenames]


# A realistic organisation for the browser tests, as the demo data names it.
HOA_SEN = dict(
    name="Công ty Cổ phần Thương mại Điện tử Hoa Sen",
    name_foreign="Hoa Sen E-commerce JSC",
    head_office="Số 12 Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
    phone="024 3825 1234",
    slug="hoa-sen",
)


def make_lan(*, contact=None, **org_fields):
    """Return Lan, the DPO of Hoa Sen (``org_fields`` over HOA_SEN), as ``lan.org``.

    The organisation gets its primary contact (``contact`` over make_contact's values)."""
    user = make_user("lan", first_name="Lan", last_name="Nguyễn Thị")
    org = make_organization(**{**HOA_SEN, **org_fields})
    add_member(org, user, "dpo")
    make_contact(org, **(contact or {}))
    user.org = org
    return user


def make_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def make_pdf() -> bytes:
    """Return a small PDF that parses (uploads are checked by parsing, not by their first bytes)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_png(size=(8, 8), **save_options) -> bytes:
    """Return a small PNG that decodes."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG", **save_options)
    return out.getvalue()


PDF = make_pdf()
