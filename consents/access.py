"""The data subject's e-mailed link to their consents: asked, opened, confirmed, swept away.

The link is a secret token (only its SHA-256 is stored) that works until ``expires_at``. Expired
links are deleted by a beat task with the address they hold (Law 91/2025 Art. 3(3): kept no
longer than their purpose needs); the link itself names its language (``?lang=``), so the page
that tells the subject it expired speaks their language even after the row is gone.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.notices.services import outbox_enqueue_email
from pdp_portal.organizations.models import Organization
from pdp_portal.sweeps import in_batches
from pdp_portal.tokens import new_token, token_hash

from . import keys
from .models import IdentifierKind, SubjectAccess

# Portal policy, not statutory: how long the e-mailed link to one's consents works.
ACCESS_TTL = dt.timedelta(hours=getattr(settings, "CONSENT_ACCESS_TTL_HOURS", 24))
LANGUAGES = ("vi", "en")
SWEEP_ACTOR = "consents.sweep_links"
SWEEP_BATCH = 500


def access_request(*, organization, email: str, language: str = "vi") -> SubjectAccess | None:
    """E-mail the subject a link to their consents; None for an address that does not parse."""
    try:
        key = keys.subject_key(organization, IdentifierKind.EMAIL, email)
    except ValidationError:
        return None
    language = language if language in LANGUAGES else "vi"
    token = new_token()
    with transaction.atomic():
        access = SubjectAccess.objects.create(
            organization=organization,
            email=keys.normalise(IdentifierKind.EMAIL, email),
            subject_key=key,
            token_hash=token_hash(token),
            language=language,
            expires_at=timezone.now() + ACCESS_TTL,
        )
        outbox_enqueue_email(
            key=f"consents.access:{access.pk}",
            recipient=access.email,
            template="consents_access",
            context={
                "organization_name": organization.name,
                "url": settings.SITE_URL
                + reverse("consents_public:mine", args=[organization.slug, token])
                + f"?lang={language}",
                "expires_at": access.expires_at,
            },
            language=language,
            organization=organization,
        )
    access.token = token
    return access


def access_lookup(slug: str, token: str) -> SubjectAccess | None:
    """Return the access a link opens, expired or not (None if no such link is kept)."""
    if not token or len(token) > 100:
        return None
    return (
        SubjectAccess.objects.select_related("organization")
        .filter(token_hash=token_hash(token), organization__slug=slug)
        .first()
    )


def access_for_token(slug: str, token: str) -> SubjectAccess | None:
    """Return the unexpired access a link opens, or None."""
    access = access_lookup(slug, token)
    if access is None or access.expires_at <= timezone.now():
        return None
    return access


def access_confirm(access: SubjectAccess) -> SubjectAccess:
    """Mark the link's address as confirmed (the subject pressed the button it shows)."""
    if access.confirmed_at is None:
        access.confirmed_at = timezone.now()
        access.save(update_fields=["confirmed_at"])
    return access


def access_sweep(*, now: dt.datetime | None = None, batch: int = SWEEP_BATCH) -> int:
    """Delete expired links with the addresses they hold; audit the count per organisation.

    1. Claim a batch of expired rows with ``select_for_update(skip_locked=True)``: two sweeps
       at once never take the same row.
    2. Write one audit event per organisation (a count, never an address), delete the rows.
    3. Repeat until a batch comes back short. Safe to run twice: a second run finds nothing.
    """
    now = now or timezone.now()
    return in_batches(partial(_delete_expired_links, now=now), batch=batch)


def _delete_expired_links(*, now: dt.datetime, limit: int) -> tuple[int, int]:
    """Delete one batch of expired links in one transaction; return (claimed, deleted)."""
    with transaction.atomic():
        ids = list(
            SubjectAccess.objects.select_for_update(skip_locked=True)
            .filter(expires_at__lte=now)
            .order_by("expires_at")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return 0, 0
        claimed = SubjectAccess.objects.filter(pk__in=ids)
        counts = dict(claimed.values_list("organization").annotate(n=Count("pk")).order_by())
        organizations = Organization.objects.in_bulk(list(counts))
        for org_pk, count in sorted(counts.items()):
            audit_record(
                actor=SWEEP_ACTOR,
                action="consents.links.sweep",
                message=gettext_noop(
                    "Xóa %(count)s đường dẫn xem sự đồng ý đã hết hạn cùng địa chỉ thư điện tử"
                ),
                params={"count": count},
                organization=organizations[org_pk],
                data={"count": count},
            )
        claimed.delete()
    return len(ids), len(ids)
