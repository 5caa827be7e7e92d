"""What the consent records offer other apps through the core (pdp_portal.hooks)."""

from __future__ import annotations

from .models import CollectionPoint, Decision, IdentifierKind, Notice, NoticeStatus
from .services import SUBJECT, consent_record


def refuse_for_activities(*, organization, email: str, activity_ids, evidence=None, language="vi"):
    """Record the subject's refusal of every purpose of the current notice tied to the activities.

    Used by the opt-out from an automated system (Decree 356 Art. 10(3)): saying no to the
    system is saying no to the purposes it serves (Law 91/2025 Art. 9(4)(a): per purpose).
    Return the records written: none when no published notice asks consent for those activities.
    """
    ids = [int(i) for i in activity_ids or []]
    if not ids or not email:
        return []
    notice = (
        Notice.objects.filter(
            organization=organization,
            status=NoticeStatus.PUBLISHED,
            purposes__activity_id__in=ids,
        )
        .order_by("-version")
        .first()
    )
    if notice is None:
        return []
    codes = list(
        notice.purposes.filter(activity_id__in=ids).values_list("code", flat=True).distinct()
    )
    record, _created = consent_record(
        actor=SUBJECT,
        organization=organization,
        source="ai_opt_out",
        notice_version=notice.version,
        identifier_kind=IdentifierKind.EMAIL,
        identifier=email,
        decisions={code: Decision.REFUSED for code in codes},
        evidence=evidence or {},
        collection_point=CollectionPoint.WEBSITE,
        language=language if language in ("vi", "en") else "vi",
    )
    return [record]
