"""Copies of the ledger's checkpoints leave the database; a failed verification is told.

Each day the latest checkpoint goes to the agency's reviewers and to every organisation's DPO
by e-mail (the outbox): a copy held outside the portal, which ``manage.py audit_verify
--checkpoint`` checks the log against later. The daily verification alerts the DPOs and the
administrators when anything does not fit.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from pdp_portal.accounts.preferences import user_language
from pdp_portal.notices.services import outbox_enqueue_email
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.people import regulators

from .services import audit_record, latest_checkpoint
from .verify import audit_verify

log = logging.getLogger(__name__)


def _dpos():
    return (
        Membership.objects.filter(role=Membership.Role.DPO, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organization")
        .order_by("organization_id", "user_id")
    )


def _regulators():
    return regulators().exclude(email="")


def publish_checkpoint() -> int:
    """Queue today's copy of the latest checkpoint for each recipient; return how many."""
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        return 0
    context = {
        "tree_size": checkpoint.tree_size,
        "root": checkpoint.root_hash,
        "signed_at": checkpoint.created_at,
        "signature": checkpoint.signature,
        "page": "/transparency/",
    }
    queued = 0
    with transaction.atomic():
        recipients = [(m.user, m.organization) for m in _dpos()]
        recipients += [(u, None) for u in _regulators()]
        for user, organization in recipients:
            # One copy per checkpoint and person: a second run the same day sends nothing more.
            outbox_enqueue_email(
                key=f"audit-checkpoint:{checkpoint.pk}:{user.pk}:{getattr(organization, 'pk', 0)}",
                recipient=user.email,
                recipient_user=user,
                organization=organization,
                template="audit_checkpoint",
                context=context,
                language=user_language(user),
            )
            queued += 1
    return queued


def verify_and_alert() -> bool:
    """Verify the ledger; when it fails, e-mail the DPOs and the administrators once a day."""
    result = audit_verify()
    if result.ok:
        return True
    reason = str(result.broken)
    log.error("Audit ledger verification failed: %s", reason)
    today = timezone.localdate().isoformat()
    with transaction.atomic():
        audit_record(
            actor="system",
            action="audit.verify_failed",
            message=gettext_noop("Kiểm tra nhật ký kiểm toán không đạt: %(reason)s"),
            params={"reason": reason},
        )
        people = {m.user for m in _dpos()}
        people |= set(get_user_model().objects.filter(is_superuser=True, is_active=True))
        for user in sorted((u for u in people if u.email), key=lambda u: u.pk):
            outbox_enqueue_email(
                key=f"audit-verify-failed:{today}:{user.pk}",
                recipient=user.email,
                recipient_user=user,
                template="audit_verify_failed",
                context={"reason": reason, "events": result.events},
                language=user_language(user),
            )
        for _name, address in settings.ADMINS:
            outbox_enqueue_email(
                key=f"audit-verify-failed:{today}:admin:{address}",
                recipient=address,
                template="audit_verify_failed",
                context={"reason": reason, "events": result.events},
            )
    return False
