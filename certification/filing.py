"""Certificate applications (Form 04) and changes (Form 06) as filings (Decree 356 Art. 25-26)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdp_portal.filings import registry
from pdp_portal.filings.registry import Action, Event, Version

from .models import Application, ApplicationEvent, ApplicationVersion, ChangeRequest

APPLICATION_STATUS = {
    Application.Status.SUBMITTED: registry.SUBMITTED,
    Application.Status.UNDER_REVIEW: registry.UNDER_REVIEW,
    Application.Status.SUPPLEMENT_REQUESTED: registry.AWAITING_ORGANISATION,
    Application.Status.GRANTED: registry.DECIDED,
    Application.Status.REFUSED: registry.DECIDED,
    Application.Status.WITHDRAWN: registry.CLOSED,
}

APPLICATION_EVENT = {
    ApplicationEvent.Kind.SUBMIT: "submitted",
    ApplicationEvent.Kind.REQUEST_SUPPLEMENT: "more_requested",
    ApplicationEvent.Kind.SUPPLEMENT: "answered",
    ApplicationEvent.Kind.COMPLETE: "reviewed",
    ApplicationEvent.Kind.GRANT: "decided",
    ApplicationEvent.Kind.REFUSE: "decided",
    ApplicationEvent.Kind.WITHDRAW: "closed",
}

CHANGE_STATUS = {
    ChangeRequest.Status.SUBMITTED: registry.SUBMITTED,
    ChangeRequest.Status.GRANTED: registry.DECIDED,
    ChangeRequest.Status.REFUSED: registry.DECIDED,
}


def _application_history(application):
    for e in application.events.all():
        # The portal's text when it wrote one (e.g. the number granted), else the step's label.
        yield e.timeline_event(
            APPLICATION_EVENT[e.kind],
            e.system_message or None,
            params=e.system_params if e.system_message else {},
            note=e.message,
        )


def _application_versions(application):
    return [
        v.filing_version(
            v.version,
            str(_("Mẫu số 04")),
            [
                (
                    str(_("Mẫu số 04")),
                    reverse(
                        "certification_regulator:version_pdf", args=[application.pk, v.version]
                    ),
                )
            ],
            note=v.note,
        )
        for v in application.versions.select_related("submitted_by").defer("pdf", "snapshot")
    ]


def _application_enclosures(application):
    return registry.enclosure_links(
        application.enclosures.all(), "certification_regulator:enclosure", application.pk
    )


def _application_actions(application):
    pk = [application.pk]
    status = application.status
    actions = []
    if status == Application.Status.SUBMITTED:
        url = reverse("certification_regulator:complete", args=pk)
        actions.append(Action(_("Hồ sơ đầy đủ, hợp lệ: bắt đầu thẩm định"), url, primary=True))
        url = reverse("certification_regulator:request_supplement", args=pk)
        actions.append(Action(_("Yêu cầu bổ sung, hoàn thiện (nêu rõ lý do)"), url))
    if status in (
        Application.Status.SUBMITTED,
        Application.Status.UNDER_REVIEW,
        Application.Status.SUPPLEMENT_REQUESTED,
    ):
        url = reverse("certification_regulator:refuse", args=pk)
        actions.append(Action(_("Không cấp (thông báo bằng văn bản, nêu rõ lý do)"), url))
    return actions


APPLICATION = registry.register(
    registry.FilingKind(
        code="application",
        label=pgettext_lazy("filing kind", "Đề nghị cấp giấy chứng nhận"),
        model="certification.Application",
        submitted=lambda a: a.submitted_at is not None,
        reference=lambda a: a.reference,
        title=lambda a: (_("Đơn đề nghị cấp giấy chứng nhận (Mẫu số 04)"), {}),
        organization_id=lambda a: a.organization_id,
        first_submitted_at=lambda a: a.submitted_at,
        last_submitted_at=lambda a: a.last_submitted_at or a.submitted_at,
        **registry.app_statuses("status", Application.Status, APPLICATION_STATUS),
        regulator_url_name="certification_regulator:application",
        organisation_url=lambda a: reverse("certification:application", args=[a.pk]),
        # Decree 356 Art. 25(3)-(4): the agency checks and decides; the organisation supplements.
        agency_rules=("certificate.check", "certificate.decide"),
        organisation_rules=("certificate.supplement",),
        watch=registry.watch_records(ApplicationVersion, ApplicationEvent),
        history=_application_history,
        versions=_application_versions,
        enclosures=_application_enclosures,
        actions=_application_actions,
    )
)


def _change_history(change):
    yield Event(
        source=f"certification.changerequest:{change.pk}:submitted",
        kind="submitted",
        at=change.submitted_at,
        message=ChangeRequest.Kind(change.kind).label,
        actor_id=change.submitted_by_id,
        note=change.reason,
    )
    if change.decided_at and change.status != ChangeRequest.Status.SUBMITTED:
        yield Event(
            source=f"certification.changerequest:{change.pk}:decided",
            kind="decided",
            at=change.decided_at,
            message=ChangeRequest.Status(change.status).label,
            note=change.decision_reason,
        )


def _change_versions(change):
    return [
        Version(
            number=1,
            label=str(_("Mẫu số 06")),
            submitted_at=change.submitted_at,
            documents=(
                (
                    str(_("Mẫu số 06")),
                    reverse("certification_regulator:change_pdf", args=[change.pk]),
                ),
            ),
        )
    ]


def _change_enclosures(change):
    return registry.enclosure_links(
        change.enclosures.all(), "certification_regulator:change_enclosure", change.pk
    )


CHANGE = registry.register(
    registry.FilingKind(
        code="certificate_change",
        label=pgettext_lazy("filing kind", "Đề nghị cấp lại/cấp đổi"),
        model="certification.ChangeRequest",
        submitted=lambda c: True,  # a Form 06 request exists only once it is filed
        # The certificate it changes and the request: the same in every language.
        reference=lambda c: f"{c.certificate.number}/{c.pk}",
        title=lambda c: (
            "%(kind)s: %(number)s",
            {"kind": ChangeRequest.Kind(c.kind).label, "number": c.certificate.number},
        ),
        organization_id=lambda c: c.certificate.organization_id,
        first_submitted_at=lambda c: c.submitted_at,
        last_submitted_at=lambda c: c.submitted_at,
        **registry.app_statuses("status", ChangeRequest.Status, CHANGE_STATUS),
        regulator_url_name="certification_regulator:change",
        organisation_url=lambda c: reverse("certification:certificate", args=[c.certificate_id]),
        # Decree 356 Art. 26(1)(b), 26(2)(b): the agency reissues or replaces in 5 working days.
        agency_rules=("certificate.reissue", "certificate.replace"),
        history=_change_history,
        versions=_change_versions,
        enclosures=_change_enclosures,
        select_related=("certificate",),
    )
)


def _certificates_section(organization):
    """The organisation's certificates (Form 05), on the agency's page of the organisation."""
    from .models import Certificate

    certificates = list(
        Certificate.objects.filter(organization=organization)
        .defer("pdf", "revocation_pdf", "snapshot", "revocation_snapshot")
        .order_by("-issued_at")
    )
    return {
        "id": "certificates",
        "title": _("Giấy chứng nhận"),
        "template": "certification/regulator/_organization_certificates.html",
        "certificates": certificates,
    }


registry.register_organisation_section(_certificates_section)
