"""The DPO's page of the privacy centre: draft, preview, publish, unpublish, embed snippet.

Staff may save the draft; only the DPO publishes or unpublishes what the public reads; a viewer
reads. Another organisation's centre answers 404 (get_organization_for_user).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pdp_portal.organizations.permissions import (
    CHANGE,
    MANAGE,
    get_organization_for_user,
    has_org_perm,
)
from pdp_portal.views import add_service_errors, run_for_page

from . import services
from .forms import CentreDraftForm
from .public_views import centre_context


def _page(request, organization, form, *, status=200):
    version = services.live_version(organization)
    public_url = request.build_absolute_uri(
        reverse("centre_public:centre", args=[organization.slug])
    )
    embed_url = request.build_absolute_uri(reverse("centre_public:embed", args=[organization.slug]))
    can_change = has_org_perm(request.user, organization, CHANGE)
    return render(
        request,
        "centre/edit.html",
        {
            "organization": organization,
            "form": form,
            "version": version,
            "versions": organization.centre_versions.select_related("published_by", "withdrawn_by")[
                :20
            ],
            "draft_differs": version is None
            or version.content != services.draft_for(organization).content(),
            "can_change": can_change,
            "can_publish": has_org_perm(request.user, organization, MANAGE),
            "public_url": public_url,
            "embed_url": embed_url,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def centre_edit(request, pk):
    organization = get_organization_for_user(request.user, pk)
    draft = services.draft_for(organization)
    if request.method == "GET":
        form = CentreDraftForm(instance=draft)
        if not has_org_perm(request.user, organization, CHANGE):
            for field in form.fields.values():
                field.disabled = True
        return _page(request, organization, form)
    organization = get_organization_for_user(request.user, pk, CHANGE)
    form = CentreDraftForm(request.POST, instance=draft)
    if not form.is_valid():
        return _page(request, organization, form, status=400)
    services.centre_draft_save(
        actor=request.user, organization=organization, texts=form.cleaned_data
    )
    messages.success(
        request, _("Đã lưu bản nháp. Công chúng chưa thấy thay đổi cho đến khi công bố.")
    )
    return redirect("centre:edit", pk=organization.pk)


@login_required
def centre_preview(request, pk):
    """Show the draft as the public would see it once published."""
    organization = get_organization_for_user(request.user, pk)
    draft = services.draft_for(organization)
    language = (get_language() or "vi")[:2]
    texts = {}
    for name in ("introduction", "contact_hours", "notes"):
        english = getattr(draft, f"{name}_en")
        texts[name] = (
            english if language == "en" and english.strip() else getattr(draft, f"{name}_vi")
        )
    context = centre_context(request, organization, texts, language)
    context["preview"] = True
    return render(request, "centre/public/centre.html", context)


@login_required
@require_POST
def centre_publish(request, pk):
    organization = get_organization_for_user(request.user, pk, MANAGE)
    try:
        version = services.centre_publish(actor=request.user, organization=organization)
    except ValidationError as exc:
        draft = services.draft_for(organization)
        form = CentreDraftForm(draft.content(), instance=draft)
        form.is_valid()
        add_service_errors(form, exc)
        return _page(request, organization, form, status=400)
    messages.success(
        request, _("Đã công bố phiên bản %(number)s của trung tâm.") % {"number": version.number}
    )
    return redirect("centre:edit", pk=organization.pk)


@login_required
@require_POST
def centre_unpublish(request, pk):
    organization = get_organization_for_user(request.user, pk, MANAGE)
    run_for_page(
        request,
        lambda: services.centre_unpublish(actor=request.user, organization=organization),
        _("Đã thôi công bố trung tâm quyền riêng tư."),
    )
    return redirect("centre:edit", pk=organization.pk)
