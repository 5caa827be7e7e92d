"""Every write of consent notices and records (Law 91/2025 Art. 9-10, 24(2); Decree 356 Art. 6).

1. A notice is written as a draft, then published: its content (texts, purposes, data types
   copied from the register) is frozen in ``snapshot`` under a SHA-256 ``content_hash``.
2. ``consent_record_many`` checks every record first (nothing is stored for a refused one, and
   each refusal names the field and the article), signs each receipt with the organisation's
   key, then writes one audit event and the rows in one transaction.
3. A withdrawal is a new record (the earlier ones stay): from the subject's page (which files a
   rights request of type withdraw-consent) or from such a request filed any other way.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal import hooks
from pdp_portal.appkeys import key_create, key_revoke
from pdp_portal.audit.keys import canonical_json
from pdp_portal.audit.services import audit_record
from pdp_portal.clock.counting import months_end
from pdp_portal.clock.rules import CHILD_AGE_LIMIT, CHILD_OWN_CONSENT_AGE
from pdp_portal.concurrency import numbering_lock
from pdp_portal.tokens import new_token
from pdp_portal.uploads import check_upload

from . import keys
from .models import (
    EVIDENCE_FIELDS,
    METHOD_EVIDENCE,
    Capacity,
    CollectionPoint,
    ConsentDecision,
    ConsentExpiry,
    ConsentRecord,
    Decision,
    IdentifierKind,
    Method,
    Notice,
    NoticeStatus,
    PropertyKey,
    Purpose,
    SubjectAccess,
)

RECEIPT_FORMAT = "pdp-portal/consent-receipt/v1"
SUBJECT = "subject"
# A bundled answer: one decision for every purpose at once (Law 91/2025 Art. 9(4)(a)-(b)).
ALL_PURPOSES = ("*", "all")
MAX_BATCH = 1000

# The purposes a withdrawal from the subject's page names; None for a rights request filed
# any other way (then every purpose still given is withdrawn).
_page_withdrawal: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "consent_page_withdrawal", default=None
)


# --- notices ----------------------------------------------------------------------------------


def notice_create(
    *, actor, organization, title_vi: str, text_vi: str, purposes: list[dict], **texts
) -> Notice:
    """Write a draft notice, version one above the organisation's last, with its purposes.

    Each purpose: code, label_vi, label_en, activity (a register activity of the organisation),
    marketing, discloses_private_life, valid_months. Its data types are copied from the activity.
    """
    errors = {}
    if not purposes:
        errors["purposes"] = [_("Cần ít nhất một mục đích (Luật 91/2025 Điều 9 khoản 2 điểm a).")]
    codes = [p.get("code") for p in purposes]
    if len(set(codes)) != len(codes):
        errors["purposes"] = [_("Mỗi mục đích cần một mã riêng.")]
    for p in purposes:
        activity = p.get("activity")
        if activity is None or activity.organization_id != organization.pk:
            errors[f"purposes.{p.get('code')}.activity"] = [
                _(
                    "Mỗi mục đích phải gắn với một hoạt động xử lý trong sổ đăng ký của tổ chức "
                    "(Luật 91/2025 Điều 9 khoản 2 điểm a)."
                )
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two drafts saved at once (two tabs) get consecutive versions, not a server error: an
        # aggregate takes no row lock, the organisation's series is numbered one at a time.
        numbering_lock(f"consents.notice:{organization.pk}")
        last = Notice.objects.filter(organization=organization).aggregate(v=Max("version"))["v"]
        notice = Notice(
            organization=organization,
            version=(last or 0) + 1,
            title_vi=title_vi.strip(),
            text_vi=text_vi.strip(),
            title_en=texts.get("title_en", "").strip(),
            text_en=texts.get("text_en", "").strip(),
        )
        notice.full_clean(exclude=["organization"], validate_constraints=False)
        notice.save()
        for position, p in enumerate(purposes):
            purpose = Purpose(
                notice=notice,
                code=p["code"],
                label_vi=p["label_vi"],
                label_en=p.get("label_en", ""),
                activity=p["activity"],
                basic_data_types=list(p["activity"].basic_data_types),
                sensitive_data_types=list(p["activity"].sensitive_data_types),
                marketing=bool(p.get("marketing")),
                discloses_private_life=bool(p.get("discloses_private_life")),
                valid_months=p.get("valid_months") or None,
                position=position,
            )
            purpose.full_clean(exclude=["notice", "activity"])
            purpose.save()
        audit_record(
            actor=actor,
            action="consents.notice.create",
            message=gettext_noop("Soạn thông báo xin sự đồng ý phiên bản %(version)s"),
            params={"version": notice.version},
            obj=notice,
        )
    return notice


def notice_snapshot(notice: Notice) -> dict:
    """Return the notice as shown to data subjects: texts, purposes, data types."""
    return {
        "version": notice.version,
        "title": {"vi": notice.title_vi, "en": notice.title_en},
        "text": {"vi": notice.text_vi, "en": notice.text_en},
        "purposes": [
            {
                "code": p.code,
                "label": {"vi": p.label_vi, "en": p.label_en},
                "activity": p.activity_id,
                "basic_data_types": p.basic_data_types,
                "sensitive_data_types": p.sensitive_data_types,
                "marketing": p.marketing,
                "discloses_private_life": p.discloses_private_life,
                "valid_months": p.valid_months,
            }
            for p in notice.purposes.all()
        ],
    }


def notice_publish(*, actor, notice: Notice) -> Notice:
    """Freeze the draft: store its snapshot and content hash; it can no longer change."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.status != NoticeStatus.DRAFT:
            raise ValidationError(
                {"status": [_("Thông báo đã công bố không thể sửa: hãy soạn phiên bản mới.")]}
            )
        snapshot = notice_snapshot(notice)
        notice.snapshot = snapshot
        notice.content_hash = hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()
        notice.status = NoticeStatus.PUBLISHED
        notice.published_at = timezone.now()
        notice.save(update_fields=["snapshot", "content_hash", "status", "published_at"])
        audit_record(
            actor=actor,
            action="consents.notice.publish",
            message=gettext_noop("Công bố thông báo xin sự đồng ý phiên bản %(version)s"),
            params={"version": notice.version, "hash": notice.content_hash},
            obj=notice,
            data={"content_hash": notice.content_hash},
        )
    return notice


def notice_mismatches(notices) -> dict[int, list[dict]]:
    """Return, per published notice, its purposes whose activity no longer matches the register.

    A purpose is flagged when its activity was deleted or ended, or its data types changed since
    the notice was written (Law 91/2025 Art. 9(2)(a): consent covers the types it named).
    """
    flagged: dict[int, list[dict]] = {}
    today = timezone.localdate()
    for notice in notices:
        for purpose in notice.purposes.all():
            activity = purpose.activity
            reason = None
            if activity is None:
                reason = _("Hoạt động xử lý đã bị xóa khỏi sổ đăng ký")
            elif activity.ended_on and activity.ended_on < today:
                reason = _("Hoạt động xử lý đã kết thúc")
            elif set(activity.basic_data_types) != set(purpose.basic_data_types) or set(
                activity.sensitive_data_types
            ) != set(purpose.sensitive_data_types):
                reason = _("Loại dữ liệu trong sổ đăng ký đã thay đổi")
            if reason:
                flagged.setdefault(notice.pk, []).append({"purpose": purpose, "reason": reason})
    return flagged


# --- records ----------------------------------------------------------------------------------


@dataclass
class Checked:
    """One record that passed every check, ready to sign and insert."""

    record: ConsentRecord
    decisions: list[tuple[Purpose, str]]


def _law(message) -> list[str]:
    return [str(message)]


# Per process: a published notice is frozen (database triggers), so it is read once.
_published_notices: dict[tuple[int, int], Notice] = {}


class NoticeCache(dict):
    """Published notices of one organisation by version, with their purposes."""

    def __init__(self, organization):
        super().__init__()
        self.organization = organization

    def get_version(self, version) -> Notice | None:
        if not isinstance(version, int) or isinstance(version, bool):
            return None
        key = (self.organization.pk, version)
        notice = _published_notices.get(key)
        if notice is None:
            notice = (
                Notice.objects.filter(
                    organization=self.organization,
                    version=version,
                    status=NoticeStatus.PUBLISHED,
                )
                .select_related("organization")
                .prefetch_related("purposes")
                .first()
            )
            if notice is None:
                return None  # not cached: it may be published later
            notice.purpose_by_code = {p.code: p for p in notice.purposes.all()}
            _published_notices[key] = notice
        return notice


def forget() -> None:
    """Empty the per-process caches (tests that recreate organisations)."""
    _published_notices.clear()
    keys.forget()


def check_record(data: dict, *, organization, notices: NoticeCache, now=None) -> Checked:
    """Check one record's data; return it unsaved, or raise ValidationError naming each field."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    notice = notices.get_version(data.get("notice_version"))
    if notice is None:
        errors["notice_version"] = _law(
            _(
                "Không có thông báo đã công bố với phiên bản này: chủ thể phải được biết rõ nội "
                "dung đồng ý (Luật 91/2025 Điều 9 khoản 2)."
            )
        )
    kind = data.get("identifier_kind") or IdentifierKind.EMAIL
    try:
        key = keys.subject_key(organization, kind, data.get("identifier", ""))
    except ValidationError as exc:
        errors["identifier"] = exc.messages
        key = ""
    answers = data.get("decisions") or {}
    decisions: list[tuple[Purpose, str]] = []
    if not isinstance(answers, dict) or not answers:
        errors["decisions"] = _law(
            _(
                "Cần câu trả lời cho từng mục đích; im lặng không phải là sự đồng ý "
                "(Luật 91/2025 Điều 9 khoản 4 điểm a, d)."
            )
        )
    elif notice is not None:
        if any(code in ALL_PURPOSES for code in answers) and len(notice.purpose_by_code) > 1:
            errors["decisions"] = _law(
                _(
                    "Không được gộp mọi mục đích vào một câu trả lời: cần đồng ý theo từng mục "
                    "đích (Luật 91/2025 Điều 9 khoản 4 điểm a, b)."
                )
            )
        else:
            for code, answer in answers.items():
                purpose = (
                    next(iter(notice.purpose_by_code.values()))
                    if code in ALL_PURPOSES
                    else notice.purpose_by_code.get(code)
                )
                if purpose is None:
                    errors[f"decisions.{code}"] = _law(
                        _(
                            "Mục đích không có trong thông báo phiên bản %(version)s "
                            "(Luật 91/2025 Điều 9 khoản 2 điểm a)."
                        )
                        % {"version": notice.version}
                    )
                elif answer not in (Decision.GIVEN, Decision.REFUSED):
                    errors[f"decisions.{code}"] = _law(
                        _("Câu trả lời phải là “given” hoặc “refused”.")
                    )
                else:
                    decisions.append((purpose, answer))
    given = any(answer == Decision.GIVEN for _p, answer in decisions)
    method = data.get("method") or ""
    evidence = {k: str(v)[:1000] for k, v in (data.get("evidence") or {}).items() if v}
    evidence = {k: v for k, v in evidence.items() if k in EVIDENCE_FIELDS}
    upload = data.get("evidence_file")
    if method and method not in Method.values:
        errors["method"] = _law(_("Phương thức không hợp lệ (Nghị định 356/2025 Điều 6 khoản 1)."))
    elif given and not method:
        errors["method"] = _law(
            _("Cần phương thức thể hiện sự đồng ý (Nghị định 356/2025 Điều 6 khoản 1 điểm a-đ).")
        )
    elif method:
        for name in METHOD_EVIDENCE[method]:
            if name == "document_ref" and upload:
                continue
            if not evidence.get(name):
                errors[f"evidence.{name}"] = _law(
                    _(
                        "Phương thức “%(method)s” cần chứng cứ này để kiểm chứng danh tính, thời "
                        "điểm và nội dung đồng ý (Nghị định 356/2025 Điều 6 khoản 1)."
                    )
                    % {"method": method}
                )
    upload_ext = ""
    if upload:
        try:
            upload_ext, _mime = check_upload(upload)
        except ValidationError as exc:
            errors["evidence_file"] = exc.messages
    collected_at = data.get("collected_at") or now
    if timezone.is_naive(collected_at) or collected_at > now + dt.timedelta(minutes=5):
        errors["collected_at"] = _law(_("Thời điểm đồng ý cần múi giờ và không ở tương lai."))
    point = data.get("collection_point") or CollectionPoint.WEBSITE
    if point not in CollectionPoint.values:
        errors["collection_point"] = _law(_("Nơi thu thập không hợp lệ."))
    age = data.get("subject_age")
    capacity = data.get("capacity") or Capacity.FULL
    representative = {
        k: str(v)[:200]
        for k, v in (data.get("representative") or {}).items()
        if k in ("name", "relationship") and v
    }
    child_agreed = bool((data.get("representative") or {}).get("child_agreed"))
    if child_agreed:
        representative["child_agreed"] = True
    needs_representative = capacity == Capacity.RESTRICTED or (
        age is not None and age < CHILD_AGE_LIMIT
    )
    if given and needs_representative and not representative.get("name"):
        errors["representative.name"] = _law(
            _(
                "Trẻ em hoặc người mất, hạn chế năng lực hành vi: người đại diện theo pháp luật "
                "đồng ý thay (Luật 91/2025 Điều 24 khoản 2)."
            )
        )
    private_life = any(p.discloses_private_life and a == Decision.GIVEN for p, a in decisions)
    if (
        given
        and private_life
        and age is not None
        and CHILD_OWN_CONSENT_AGE <= age < CHILD_AGE_LIMIT
        and not child_agreed
    ):
        errors["representative.child_agreed"] = _law(
            _(
                "Trẻ em từ đủ %(age)s tuổi: cần cả sự đồng ý của trẻ em và của người đại diện "
                "(Luật 91/2025 Điều 24 khoản 2)."
            )
            % {"age": CHILD_OWN_CONSENT_AGE}
        )
    language = data.get("language") if data.get("language") in ("vi", "en") else "vi"
    if errors:
        raise ValidationError(errors)
    record = ConsentRecord(
        organization=organization,
        subject_key=key,
        notice=notice,
        method=method,
        evidence=evidence,
        collection_point=point,
        collected_at=min(collected_at, now),
        language=language,
        subject_age=age,
        capacity=capacity,
        representative=representative,
        source=data.get("source") or "api",
        idempotency_key=(data.get("idempotency_key") or "")[:64],
        created_at=now,
    )
    if upload:
        # Stored under a random name (DESIGN section 4): the subject's file name says too much.
        upload.name = f"{uuid.uuid4().hex}.{upload_ext}"
        record.evidence_file = upload
    return Checked(record=record, decisions=decisions)


def receipt_payload(record: ConsentRecord, decisions: list[tuple[Purpose, str]]) -> dict:
    """Return what the receipt says (ISO/IEC TS 27560 receipt fields), in the record's language."""
    org = record.organization
    notice = record.notice
    english = record.language == "en"
    evidence = dict(record.evidence)
    if record.evidence_file:
        record.evidence_file.seek(0)
        evidence["file_sha256"] = hashlib.sha256(record.evidence_file.read()).hexdigest()
        record.evidence_file.seek(0)
    return {
        "format": RECEIPT_FORMAT,
        "receipt_id": str(record.uid),
        "issuer": settings.SITE_URL,
        "keys": settings.SITE_URL + reverse("consents_public:jwks", args=[org.slug]),
        "controller": {"name": org.name, "tax_code": org.tax_code, "slug": org.slug},
        "notice": {
            "version": notice.version,
            "title": (notice.title_en if english and notice.title_en else notice.title_vi),
            "content_hash": notice.content_hash,
        },
        "subject_key": record.subject_key,
        "decisions": [
            {
                "purpose": purpose.code,
                "label": purpose.label_en if english and purpose.label_en else purpose.label_vi,
                "decision": answer,
                "data_types": purpose.basic_data_types,
                "sensitive_data_types": purpose.sensitive_data_types,
                **(
                    {"valid_until": valid_until(record, purpose).isoformat(timespec="seconds")}
                    if answer == Decision.GIVEN and purpose.valid_months
                    else {}
                ),
            }
            for purpose, answer in decisions
        ],
        "method": record.method,
        "collection_point": record.collection_point,
        "collected_at": record.collected_at.isoformat(timespec="seconds"),
        "recorded_at": record.created_at.isoformat(timespec="seconds"),
        "evidence_sha256": hashlib.sha256(canonical_json(evidence).encode()).hexdigest(),
        "representative": bool(record.representative.get("name")),
        "language": record.language,
    }


def valid_until(record: ConsentRecord, purpose: Purpose) -> dt.datetime:
    """Return when a consent given in ``record`` to ``purpose`` ends (Purpose.valid_months)."""
    return months_end(record.collected_at, purpose.valid_months)


def _existing(organization, idempotency_keys: list[str]) -> dict[str, ConsentRecord]:
    wanted = [k for k in idempotency_keys if k]
    if not wanted:
        return {}
    return {
        r.idempotency_key: r
        for r in ConsentRecord.objects.filter(organization=organization, idempotency_key__in=wanted)
    }


def consent_record_many(
    *, actor, organization, items: list[dict], source: str = "api"
) -> list[tuple[ConsentRecord | None, bool, dict]]:
    """Check, sign and store up to MAX_BATCH records; return (record, created, errors) per item.

    A refused item stores nothing and carries its errors; the others are written together. An
    item whose idempotency key the organisation already used returns the first record.
    """
    if len(items) > MAX_BATCH:
        raise ValidationError({"records": [_("Tối đa %(n)s bản ghi mỗi lần.") % {"n": MAX_BATCH}]})
    notices = NoticeCache(organization)
    now = timezone.now()
    results: list[tuple[ConsentRecord | None, bool, dict]] = [(None, False, {})] * len(items)
    repeats: dict[int, int] = {}  # an item repeating an earlier item's idempotency key
    existing = _existing(organization, [(i.get("idempotency_key") or "")[:64] for i in items])
    ready: list[tuple[int, Checked]] = []
    seen: dict[str, int] = {}
    for index, data in enumerate(items):
        key = (data.get("idempotency_key") or "")[:64]
        if key in existing:
            results[index] = (existing[key], False, {})
            continue
        if key and key in seen:
            repeats[index] = seen[key]
            continue
        try:
            checked = check_record(
                {**data, "source": source}, organization=organization, notices=notices, now=now
            )
        except ValidationError as exc:
            results[index] = (None, False, exc.message_dict)
            continue
        if key:
            seen[key] = index
        ready.append((index, checked))
    if ready:
        # A concurrent call with one of these idempotency keys makes this IntegrityError: the
        # caller's retry then gets the first records.
        _store(actor, organization, [c for _i, c in ready])
        for index, checked in ready:
            results[index] = (checked.record, True, {})
    for index, first in repeats.items():
        results[index] = (results[first][0], False, results[first][2])
    return results


def _store(actor, organization, checked: list[Checked], *, expiry: bool = False) -> None:
    """Sign every receipt, then write one audit event and the rows in one transaction.

    A consent given to a purpose with a stated period gets its ConsentExpiry row (the sweeper's).
    """
    for item in checked:
        record = item.record
        record.receipt, record.receipt_kid = keys.sign_receipt(
            organization, receipt_payload(record, item.decisions)
        )
    with transaction.atomic():
        event = audit_record(
            returning_id=True,  # the records point to it
            actor=actor,
            action="consents.expire" if expiry else "consents.record",
            message=(
                gettext_noop("Ghi nhận %(count)s bản ghi sự đồng ý hết hiệu lực theo thời hạn")
                if expiry
                else gettext_noop("Ghi nhận %(count)s bản ghi sự đồng ý")
            ),
            params={"count": len(checked)},
            organization=organization,
            data={
                "records": {
                    str(item.record.uid): hashlib.sha256(item.record.receipt.encode()).hexdigest()
                    for item in checked
                }
            },
        )
        for item in checked:
            item.record.audit_event_id = event.pk
            if item.record.evidence_file:
                item.record.evidence_file.save(
                    item.record.evidence_file.name, item.record.evidence_file, save=False
                )
        ConsentRecord.objects.bulk_create([item.record for item in checked])
        decisions = ConsentDecision.objects.bulk_create(
            [
                ConsentDecision(record=item.record, purpose=purpose, decision=answer)
                for item in checked
                for purpose, answer in item.decisions
            ]
        )
        ConsentExpiry.objects.bulk_create(
            [
                ConsentExpiry(
                    decision=d,
                    organization=organization,
                    due_at=valid_until(d.record, d.purpose),
                )
                for d in decisions
                if d.decision == Decision.GIVEN and d.purpose.valid_months
            ]
        )


def consent_record(
    *, actor, organization, source: str = "api", **data
) -> tuple[ConsentRecord, bool]:
    """Check, sign and store one record; return it and whether it is new, or raise."""
    record, created, errors = consent_record_many(
        actor=actor, organization=organization, items=[data], source=source
    )[0]
    if errors:
        raise ValidationError(errors)
    return record, created


def property_key_create(*, actor, organization, name: str) -> tuple[PropertyKey, str]:
    """Make a key for one website or app; return it and the secret (shown once)."""
    secret = "ck_" + new_token()
    key = key_create(
        PropertyKey,
        actor=actor,
        organization=organization,
        secret=secret,
        name=name,
        prefix=secret[:10],
        action="consents.key.create",
        message=gettext_noop("Tạo khóa ghi nhận sự đồng ý %(name)s"),
        params={"name": name},
    )
    return key, secret


def property_key_revoke(*, actor, key: PropertyKey) -> PropertyKey:
    """Revoke a key at once; the records it made stay."""
    return key_revoke(
        key,
        actor=actor,
        action="consents.key.revoke",
        message=gettext_noop("Thu hồi khóa ghi nhận sự đồng ý %(name)s"),
        params={"name": key.name},
    )


# --- history, state, withdrawal ---------------------------------------------------------------


def subject_decisions(organization, subject_key: str):
    """Return the subject's decisions, oldest first, with record, purpose and notice (one query)."""
    return (
        ConsentDecision.objects.filter(
            record__organization=organization, record__subject_key=subject_key
        )
        .select_related("record", "purpose", "record__notice")
        .order_by("record__collected_at", "record_id")
    )


def current_state(decisions) -> dict[str, ConsentDecision]:
    """Return the latest decision per purpose code (Law 91/2025 Art. 9(4)(c): until changed)."""
    state: dict[str, ConsentDecision] = {}
    for decision in decisions:
        state[decision.purpose.code] = decision
    return state


def consent_withdraw(
    *,
    actor,
    organization,
    subject_key: str,
    codes: tuple[str, ...] | None = None,
    source: str,
    evidence: dict | None = None,
    language: str = "vi",
    rights_request=None,
    decision: str = Decision.WITHDRAWN,
    collection_point: str | None = None,
) -> list[ConsentRecord]:
    """Record the withdrawal of the named purposes (all still given if None); one record per
    notice version; return them. Purposes not given are left as they are (Law 91/2025 Art. 10).

    ``decision`` EXPIRED records instead that a consent ended as the law provides (Art. 9(4)(c)).
    """
    if decision not in (Decision.WITHDRAWN, Decision.EXPIRED):
        raise ValueError(decision)
    evidence = evidence or {}
    if collection_point is None:
        collection_point = (
            CollectionPoint.RIGHTS_REQUEST if rights_request else CollectionPoint.SUBJECT_PAGE
        )
    with transaction.atomic():
        # One change of state at a time per organisation: two clicks or a click and a rights
        # request at once record one withdrawal, not two.
        keys.lock_changes(organization)
        state = current_state(subject_decisions(organization, subject_key))
        by_notice: dict[int, list[Purpose]] = {}
        notices: dict[int, Notice] = {}
        for code, current in state.items():
            if current.decision != Decision.GIVEN or (codes is not None and code not in codes):
                continue
            by_notice.setdefault(current.purpose.notice_id, []).append(current.purpose)
            notices[current.purpose.notice_id] = current.record.notice
        now = timezone.now()
        checked = [
            Checked(
                record=ConsentRecord(
                    organization=organization,
                    subject_key=subject_key,
                    notice=notices[notice_id],
                    method=Method.ELECTRONIC if evidence.get("ip") else "",
                    evidence=evidence,
                    collection_point=collection_point,
                    collected_at=now,
                    language=language,
                    source=source,
                    rights_request=rights_request,
                    created_at=now,
                ),
                decisions=[(p, decision) for p in purposes],
            )
            for notice_id, purposes in by_notice.items()
        ]
        if checked:
            _store(actor, organization, checked, expiry=decision == Decision.EXPIRED)
    return [c.record for c in checked]


def rights_request_received(request) -> None:
    """Record the withdrawal a withdraw-consent rights request asks for, once it is received.

    Called by subjects_rights when such a request is received (confirmed or entered). The
    subject is found by the request's e-mail address; a request filed from the consent page
    withdraws the purposes it named, any other every purpose still given.
    """
    if request.request_type != "withdraw_consent" or not request.email:
        return
    try:
        key = keys.subject_key(request.organization, IdentifierKind.EMAIL, request.email)
    except ValidationError:
        return
    page = _page_withdrawal.get() or {}
    consent_withdraw(
        actor=SUBJECT,
        organization=request.organization,
        subject_key=key,
        codes=page.get("codes"),
        evidence=page.get("evidence"),
        source="subject_page" if page else "rights_request",
        language=request.language,
        rights_request=request,
    )


# --- the data subject's page ------------------------------------------------------------------


def withdraw_from_page(*, access: SubjectAccess, code: str, ip: str, user_agent: str):
    """Withdraw one purpose for the subject of a confirmed link: file a rights request of type
    withdraw-consent (its clocks run as for any request) that records the withdrawal."""
    organization = access.organization
    with translation.override(access.language):
        description = _(
            "Rút lại sự đồng ý cho mục đích “%(code)s” trên trang sự đồng ý của tổ chức "
            "(địa chỉ thư điện tử đã được xác nhận)."
        ) % {"code": code}
    marker = _page_withdrawal.set(
        {"codes": (code,), "evidence": {"ip": ip, "user_agent": user_agent[:500]}}
    )
    try:
        with transaction.atomic():
            # A double click (or two tabs) files one request: the second waits for the first,
            # finds the purpose withdrawn by it and answers with that request.
            keys.lock_changes(organization)
            current = current_state(subject_decisions(organization, access.subject_key)).get(code)
            if (
                current is not None
                and current.decision != Decision.GIVEN
                and current.record.rights_request_id
            ):
                return current.record.rights_request
            request, _tracking, _new = hooks.provider(hooks.REQUEST_ENTER)(
                actor=SUBJECT,
                organization=organization,
                # The address was confirmed by the e-mailed link: filed online, received at once.
                channel="web",
                received_at=timezone.now(),
                request_type="withdraw_consent",
                full_name=access.email,
                email=access.email,
                description=description,
                language=access.language,
            )
    finally:
        _page_withdrawal.reset(marker)
    return request


def subject_view(*, actor, organization, subject_key: str) -> None:
    """Audit a staff look-up of one subject's consents (by key: the identifier is not kept)."""
    audit_record(
        actor=actor,
        action="consents.subject.view",
        message=gettext_noop("Tra cứu lịch sử sự đồng ý của một chủ thể"),
        organization=organization,
        data={"subject_key": subject_key},
    )


def record_view(*, actor, record: ConsentRecord, what: str) -> None:
    """Audit a staff view or export of one subject's record."""
    audit_record(
        actor=actor,
        action=f"consents.{what}",
        message=gettext_noop("Xem hoặc xuất bản ghi sự đồng ý %(uid)s"),
        params={"uid": str(record.uid)},
        obj=record,
    )
