"""Public pages for data subjects: one per AI or automated system (Decree 356 Art. 10(3))."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from subjects_rights import ratelimit
from subjects_rights import services as rights_services
from subjects_rights.models import RequestType
from subjects_rights.public_views import (
    RATE_LIMIT_PER_EMAIL,
    RATE_LIMIT_PER_IP,
    RATE_WINDOW_SECONDS,
    _client_ip,
)

from .forms import OptOutForm
from .models import AISystem

# Decree 356 Art. 10(3): the option to opt out of automated processing is an objection to
# processing (Law 91/2025 Art. 4(1)(d); Decree 356 Art. 5(2)): the cease group, its clocks.
OPT_OUT_TYPE = RequestType.OBJECT


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
        if not ratelimit.hits(
            [("rights-ip", _client_ip(request), RATE_LIMIT_PER_IP)], window=RATE_WINDOW_SECONDS
        ):
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau một giờ."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            language = (get_language() or "vi")[:2]
            # The request in the data subject's own words: which system they opt out of.
            description = _(
                "Tôi từ chối việc xử lý tự động dữ liệu của tôi bởi hệ thống “%(name)s” (Nghị định 356/2025 Điều 10 khoản 3)."
            ) % {"name": system.name}
            if data["detail"].strip():
                description += "\n\n" + data["detail"].strip()
            if not ratelimit.hits(
                [("rights-email", data["email"], RATE_LIMIT_PER_EMAIL)], window=RATE_WINDOW_SECONDS
            ):
                form.add_error(
                    None, _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau một giờ.")
                )
                status = 429
            else:
                try:
                    rights_services.request_submit(
                        organization=system.organization,
                        request_type=OPT_OUT_TYPE,
                        full_name=data["full_name"],
                        email=data["email"],
                        description=description,
                        language=language if language in ("vi", "en") else "vi",
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                    status = 400
                else:
                    return redirect("rights_public:sent", slug=system.organization.slug)
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
