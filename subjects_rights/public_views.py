"""The data subject's pages: the request form, confirmation, tracking (no account)."""

import functools
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pdp_portal import ratelimit
from pdp_portal.clock.services import deadlines_for
from pdp_portal.downloads import pdf_response
from pdp_portal.http import client_ip, private_page
from pdp_portal.organizations.models import Organization
from pdp_portal.prepared import fetch_one
from pdp_portal.tokens import token_hash
from pdp_portal.views import add_service_errors

from . import documents, services
from .forms import PublicRequestForm
from .models import (
    RESPOND_RULE,
    TYPE_HELP,
    UNVERIFIED_TTL_DAYS,
    RequestType,
    Status,
)
from .permissions import get_request_for_token

# Portal policy, not statutory: how many requests one address may file per window.
RATE_WINDOW_SECONDS = getattr(settings, "RIGHTS_RATE_WINDOW_SECONDS", 3600)
RATE_LIMIT_PER_EMAIL = getattr(settings, "RIGHTS_RATE_LIMIT_PER_EMAIL", 5)
RATE_LIMIT_PER_IP = getattr(settings, "RIGHTS_RATE_LIMIT_PER_IP", 30)

# The old name, for the code that still imports it (programme's AI pages); use
# pdp_portal.http.client_ip.
_client_ip = client_ip


def _organization_to_file_with(slug: str) -> Organization:
    """Return the organisation of the form with what filing needs (id, slug, name), or 404.

    One plain query, prepared once per session: building it with the ORM cost more than the
    insert of the request. A page shown again (an error) reads the organisation whole.
    """
    fields, sql = _organization_query()
    row = fetch_one(connection, sql, [slug])
    if row is None:
        raise Http404
    return Organization.from_db(connection.alias, fields, row)


@functools.cache
def _organization_query() -> tuple[list[str], str]:
    """Return the attribute names (in the model's order of fields, as from_db expects them) and
    the query of ``_organization_to_file_with`` (prepared once per session)."""
    opts = Organization._meta
    fields = [f for f in opts.concrete_fields if f.attname in ("id", "slug", "name")]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(opts.db_table)} "
        f"WHERE {quote(opts.get_field('slug').column)} = %s"
    )
    return [f.attname for f in fields], sql


def _sent_path(slug: str) -> str:
    """Return reverse("rights_public:sent", args=[slug]), reversed once per organisation."""
    return _sent_path_in(get_urlconf(), get_script_prefix(), slug)


@functools.lru_cache(maxsize=4096)
def _sent_path_in(_urlconf, _script_prefix, slug: str) -> str:
    return reverse("rights_public:sent", args=[slug])


def _type_choices():
    return [(value, label, TYPE_HELP[value]) for value, label in RequestType.choices]


@require_http_methods(["GET", "POST"])
def request_form(request, slug):
    """Show and accept the public request form of one organisation (Decree 356/2025 Art. 5(1))."""
    status = 200
    if request.method == "POST":
        checked = PublicRequestForm(request.POST, request.FILES, validate_only=True)
        valid = checked.is_valid()
        data = checked.cleaned_data if valid else {}
        # Every post counts against its address (a post to an unknown form too); a complete one
        # against its e-mail too. Both counters in one round trip to the cache, made while the
        # database looks up the organisation.
        checks = [("rights-ip", client_ip(request), RATE_LIMIT_PER_IP)]
        if valid and not data["website"]:
            checks.append(("rights-email", data["email"], RATE_LIMIT_PER_EMAIL))
        with ratelimit.counting(checks, window=RATE_WINDOW_SECONDS) as verdict:
            organization = _organization_to_file_with(slug)
            allowed = verdict()
        refused = None
        if not allowed:
            status = 429
        elif not valid:
            status = 400
        elif data["website"]:
            # The honeypot was filled in: answer as if all went well, store nothing.
            return HttpResponseRedirect(_sent_path(organization.slug))
        else:
            try:
                services.request_submit(
                    organization=organization,
                    request_type=data["request_type"],
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    relationship=data["relationship"],
                    description=data["description"],
                    language=(get_language() or "vi")[:2],
                    idempotency_key=data["idempotency_key"] or "",
                    files=data["attachments"],
                )
            except ValidationError as exc:
                refused = exc
                status = 400
            else:
                return HttpResponseRedirect(_sent_path(organization.slug))
        # The page is shown again: a form of its own, with the errors of the post.
        form = PublicRequestForm(request.POST, request.FILES)
        form.is_valid()
        if status == 429:
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau một giờ."))
        if refused is not None:
            add_service_errors(form, refused)
    else:
        organization = get_object_or_404(Organization, slug=slug)
        initial = {"idempotency_key": uuid.uuid4().hex}
        # A link from the privacy centre names the right the person chose (?type=erase).
        if request.GET.get("type") in RequestType.values:
            initial["request_type"] = request.GET["type"]
        form = PublicRequestForm(initial=initial)
    if organization.get_deferred_fields():
        organization = Organization.objects.get(pk=organization.pk)
    return render(
        request,
        "subjects_rights/public/form.html",
        {
            "organization": organization,
            "form": form,
            "type_choices": _type_choices(),
            "ttl_days": UNVERIFIED_TTL_DAYS,
        },
        status=status,
    )


def request_sent(request, slug):
    """Say what happens next after the form was sent."""
    organization = get_object_or_404(Organization, slug=slug)
    return render(
        request,
        "subjects_rights/public/sent.html",
        {
            "organization": organization,
            "ttl_days": UNVERIFIED_TTL_DAYS,
            "respond_rule": RESPOND_RULE,
        },
    )


@private_page
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Confirm the e-mail address (a button, so that link scanners confirm nothing)."""
    if request.method == "POST":
        rights_request, tracking = services.request_confirm(token=token)
        if rights_request is None:
            raise Http404
        if tracking:
            return redirect("rights_public:track", token=tracking)
        return render(
            request, "subjects_rights/public/already_confirmed.html", {"r": rights_request}
        )
    from django.utils import timezone

    from .models import RightsRequest

    rights_request = (
        RightsRequest.objects.select_related("organization")
        .filter(confirm_token_hash=token_hash(token))
        .first()
        if token and len(token) <= 100
        else None
    )
    if rights_request is None or (
        rights_request.status == Status.UNVERIFIED
        and rights_request.expires_at
        and rights_request.expires_at <= timezone.now()
    ):
        raise Http404
    if rights_request.status != Status.UNVERIFIED:
        return render(
            request, "subjects_rights/public/already_confirmed.html", {"r": rights_request}
        )
    return render(request, "subjects_rights/public/confirm.html", {"r": rights_request})


@private_page
def track(request, token):
    """Show the data subject their request: status, messages, due dates in plain words."""
    rights_request = get_request_for_token(token)
    deadlines = list(deadlines_for(rights_request))
    return render(
        request,
        "subjects_rights/public/track.html",
        {
            "r": rights_request,
            "token": token,
            "deadlines": deadlines,
            "messages_to_subject": rights_request.messages.all(),
            "can_withdraw": Status.WITHDRAWN in _allowed(rights_request),
        },
    )


@private_page
def track_acknowledgement(request, token):
    """Send the acknowledgement of receipt as PDF, in the language of the request."""
    rights_request = get_request_for_token(token)
    return pdf_response(
        documents.acknowledgement_pdf(rights_request),
        documents.acknowledgement_filename(rights_request),
    )


def _allowed(rights_request):
    from .models import TRANSITIONS

    return TRANSITIONS[rights_request.status]


@private_page
@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    """Ask, then withdraw the request on the data subject's word."""
    rights_request = get_request_for_token(token)
    if request.method == "POST":
        try:
            services.request_withdraw(actor=services.SUBJECT, request=rights_request)
        except services.RightsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Yêu cầu đã được rút."))
        return redirect("rights_public:track", token=token)
    if Status.WITHDRAWN not in _allowed(rights_request):
        return redirect("rights_public:track", token=token)
    return render(
        request, "subjects_rights/public/withdraw.html", {"r": rights_request, "token": token}
    )


def printable_form(request, slug):
    """The blank request form to print, fill in by hand and send by post (Decree 356/2025 Art. 5(1))."""
    organization = get_object_or_404(Organization, slug=slug)
    language = (get_language() or "vi")[:2]
    return pdf_response(
        documents.request_form_pdf(organization, language=language),
        f"don-yeu-cau-{organization.slug}.pdf",
    )
