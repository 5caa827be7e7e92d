"""Public pages: a subject's consents (e-mailed link), receipts, verification, the keys."""

from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pdp_portal import ratelimit
from pdp_portal.audit.keys import SignatureInvalid
from pdp_portal.clock.services import format_due
from pdp_portal.downloads import document_response, pdf_response
from pdp_portal.http import client_ip, private_page
from pdp_portal.organizations.models import Organization

from . import access as links
from . import documents, keys, services
from .models import ConsentRecord, Decision

# Portal policy, not statutory: links one address or one IP may ask for per hour.
RATE_WINDOW_SECONDS = 3600
RATE_LIMIT_PER_EMAIL = getattr(settings, "CONSENT_RATE_LIMIT_PER_EMAIL", 5)
RATE_LIMIT_PER_IP = getattr(settings, "CONSENT_RATE_LIMIT_PER_IP", 30)
MAX_RECEIPT_BYTES = 64 * 1024


def jwks(request, slug):
    """Publish every public key that signed the organisation's receipts (RFC 7517)."""
    organization = get_object_or_404(Organization, slug=slug)
    response = JsonResponse(keys.jwks(organization))
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_http_methods(["GET", "POST"])
def ask(request, slug):
    """Ask for a link to one's consents by e-mail (as the rights form confirms its address)."""
    organization = get_object_or_404(Organization, slug=slug)
    # The page that says a link expired asks in the link's language: the new link keeps it.
    language = request.POST.get("language") or request.GET.get("lang")
    if language in links.LANGUAGES:
        with translation.override(language):
            return _ask(request, organization, language)
    return _ask(request, organization, (get_language() or "vi")[:2])


def _ask(request, organization, language):
    status, sent = 200, False
    email = request.POST.get("email", "").strip()[:254] if request.method == "POST" else ""
    if request.method == "POST":
        checks = [("consent-ip", client_ip(request), RATE_LIMIT_PER_IP)]
        if email:
            checks.append(("consent-email", email, RATE_LIMIT_PER_EMAIL))
        if not ratelimit.hits(checks, window=RATE_WINDOW_SECONDS):
            status = 429
            messages.error(
                request, _("Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau một giờ.")
            )
        elif links.access_request(organization=organization, email=email, language=language):
            sent = True
        else:
            status = 400
            messages.error(request, _("Địa chỉ thư điện tử không hợp lệ."))
    return render(
        request,
        "consents/public/ask.html",
        {"organization": organization, "sent": sent, "email": email, "language": language},
        status=status,
    )


class _LinkGone(Exception):
    """The link expired (or was swept away, or never was)."""


def _access(slug, token):
    access = links.access_for_token(slug, token)
    if access is None:
        raise _LinkGone
    return access


def _link_page(view):
    """A page of the subject's link: private, and an expired link gets the expired page."""

    @private_page
    @wraps(view)
    def wrapper(request, slug, token, *args, **kwargs):
        try:
            return view(request, slug, token, *args, **kwargs)
        except _LinkGone:
            return _expired(request, slug, token)

    return wrapper


def _expired(request, slug, token):
    """Say, in the link's language, that the link no longer works, and offer a new one."""
    organization = get_object_or_404(Organization, slug=slug)
    language = request.GET.get("lang")
    if language not in links.LANGUAGES:
        stale = links.access_lookup(slug, token)
        language = stale.language if stale else (get_language() or "vi")[:2]
    with translation.override(language):
        return render(
            request,
            "consents/public/expired.html",
            {"organization": organization, "language": language},
            status=404,
        )


def _purposes(access):
    decisions = list(services.subject_decisions(access.organization, access.subject_key))
    state = services.current_state(decisions)
    records = {}
    for d in decisions:
        records.setdefault(d.record_id, d.record)
    return state, sorted(records.values(), key=lambda r: r.collected_at, reverse=True)


@_link_page
@require_http_methods(["GET", "POST"])
def mine(request, slug, token):
    """The subject's consents per purpose, with receipts and a withdrawal button each."""
    access = _access(slug, token)
    if request.method == "POST":
        links.access_confirm(access)
        return redirect("consents_public:mine", slug=slug, token=token)
    if access.confirmed_at is None:
        # A button, so that link scanners open nothing.
        return render(request, "consents/public/confirm.html", {"access": access})
    state, records = _purposes(access)
    return render(
        request,
        "consents/public/mine.html",
        {
            "access": access,
            "organization": access.organization,
            "token": token,
            "state": sorted(
                state.values(), key=lambda d: (d.purpose.notice_id, d.purpose.position)
            ),
            "records": records,
            "GIVEN": Decision.GIVEN,
        },
    )


@_link_page
@require_POST
def withdraw(request, slug, token):
    """Withdraw one purpose in one click (Law 91/2025 Art. 10): files a rights request."""
    access = _access(slug, token)
    if access.confirmed_at is None:
        raise Http404
    code = request.POST.get("purpose", "")[:50]
    state, _records = _purposes(access)
    if code not in state or state[code].decision != Decision.GIVEN:
        messages.error(request, _("Mục đích này không còn được bạn đồng ý."))
    else:
        rights_request = services.withdraw_from_page(
            access=access,
            code=code,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        messages.success(
            request,
            _(
                "Đã ghi nhận việc rút lại sự đồng ý. Yêu cầu %(ref)s đã được gửi tới tổ chức; tổ "
                "chức ngừng xử lý trong thời hạn luật định (Nghị định 356/2025 Điều 5 khoản 2)."
            )
            % {"ref": rights_request.reference},
        )
    return redirect("consents_public:mine", slug=slug, token=token)


def _record(access, uid) -> ConsentRecord:
    record = (
        ConsentRecord.objects.select_related("organization", "notice")
        .filter(uid=uid, organization=access.organization, subject_key=access.subject_key)
        .first()
    )
    if record is None:
        raise Http404
    return record


@_link_page
def receipt(request, slug, token, uid):
    """A receipt, readable, in the subject's language, with its signed form to keep."""
    record = _record(_access(slug, token), uid)
    return render(request, "consents/public/receipt.html", documents.receipt_context(record, token))


@_link_page
def receipt_pdf(request, slug, token, uid):
    record = _record(_access(slug, token), uid)
    return pdf_response(documents.receipt_pdf(record), documents.receipt_filename(record))


@_link_page
def receipt_jws(request, slug, token, uid):
    record = _record(_access(slug, token), uid)
    return document_response(
        record.receipt,
        filename=f"receipt-{record.uid}.jws",
        content_type="application/jose",
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    """Check a pasted or uploaded receipt: valid, tampered, or signed by a key we do not know."""
    result = None
    if request.method == "POST":
        text = request.POST.get("receipt", "")
        upload = request.FILES.get("file")
        if upload is not None and upload.size <= MAX_RECEIPT_BYTES:
            text = upload.read().decode("utf-8", "replace")
        text = text.strip()[:MAX_RECEIPT_BYTES]
        result = {"outcome": "tampered"}
        try:
            payload, key = keys.verify_receipt(text)
        except keys.UnknownKey:
            result = {"outcome": "unknown_key"}
        except SignatureInvalid:
            result = {"outcome": "tampered"}
        else:
            record = (
                ConsentRecord.objects.filter(
                    uid=payload.get("receipt_id") or None, organization=key.organization
                ).first()
                if _is_uuid(payload.get("receipt_id"))
                else None
            )
            result = {
                "outcome": "valid",
                "payload": payload,
                "labels": documents.labels(payload),
                "collected": format_due(datetime.fromisoformat(payload["collected_at"])),
                "organization": key.organization,
                "kid": key.kid,
                "stored": record is not None and record.receipt == text,
            }
    return render(
        request,
        "consents/public/verify.html",
        {"result": result},
        status=200 if result is None or result["outcome"] == "valid" else 400,
    )


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
