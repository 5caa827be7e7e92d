"""Public pages for data subjects: one per AI or automated system (Decree 356 Art. 10(3))."""

import logging

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pdp_portal import hooks

from .forms import OptOutForm
from .models import AISystem

# Decree 356 Art. 10(3): the option to opt out of automated processing is an objection to
# processing (Law 91/2025 Art. 4(1)(d); Decree 356 Art. 5(2)): the cease group, its clocks.
OPT_OUT_TYPE = "object"
logger = logging.getLogger(__name__)


def _opt_out(request, system: AISystem, data: dict):
    """File the objection in the rights inbox and record the refusal of the consents it serves.

    Both go through the core (pdp_portal.hooks): ``rights.submit`` answers None when filed or
    (error, status); ``consents.refuse`` records a refusal of each published consent purpose
    tied to the system's activities, when the organisation asks consent for them.
    """
    language = (get_language() or "vi")[:2]
    # The request in the data subject's own words: which system they opt out of.
    description = _(
        "Tôi từ chối việc xử lý tự động dữ liệu của tôi bởi hệ thống “%(name)s” (Nghị định 356/2025 Điều 10 khoản 3)."
    ) % {"name": system.name}
    if data["detail"].strip():
        description += "\n\n" + data["detail"].strip()
    refused = hooks.call(
        "rights.submit",
        request=request,
        organization=system.organization,
        kind=OPT_OUT_TYPE,
        full_name=data["full_name"],
        email=data["email"],
        description=description,
        language=language,
    )
    if refused is None:
        try:
            hooks.call(
                "consents.refuse",
                organization=system.organization,
                email=data["email"],
                activity_ids=list(system.activities.values_list("pk", flat=True)),
                evidence={
                    "ip": request.META.get("REMOTE_ADDR", ""),
                    "user_agent": request.META.get("HTTP_USER_AGENT", "")[:500],
                    "description": description[:1000],
                },
                language=language,
            )
        except ValidationError:
            # The objection is filed and its clocks run; the DPO applies it to the consents.
            logger.warning("opt-out of system %s: refusal not recorded", system.pk, exc_info=True)
    return refused


@require_http_methods(["GET", "POST"])
def ai_system_page(request, slug, public_id):
    system = get_object_or_404(
        AISystem.objects.select_related("organization", "high_risk_entry"),
        organization__slug=slug,
        public_id=public_id,
        active=True,
    )
    form = OptOutForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not hooks.provided("rights.submit"):
            form.add_error(None, _("Chức năng này tạm thời không khả dụng."))
            status = 503
        elif form.is_valid():
            refused = _opt_out(request, system, form.cleaned_data)
            if refused is None:
                return redirect("rights_public:sent", slug=system.organization.slug)
            text, status = refused
            form.add_error(None, text)
        else:
            status = 400
    english = (get_language() or "vi").startswith("en")
    return render(
        request,
        "programme/public_ai.html",
        {
            "system": system,
            "organization": system.organization,
            "explanation": (
                system.explanation_en
                if english and system.explanation_en
                else system.explanation_vi
            ),
            "form": form,
        },
        status=status,
    )
