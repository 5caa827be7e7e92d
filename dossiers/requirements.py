"""Whether an organisation must file a dossier, why and from when, and its clocks as pages read them.

Law 91/2025 Art. 20-21; Decree 356 Art. 17-19 (the dossiers), Art. 41 (relief).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import deadlines_for
from pdp_portal.organizations.applicability import applicability

from . import documents
from .catalogue import PROCESSING
from .models import Dossier, DossierVersion, ProcessingActivity, Transfer
from .service_base import COMPLETE

# --- requirement and exemptions ----------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """Whether the organisation must file a dossier of one kind, why, and from when."""

    kind: str
    required: bool
    optional: bool
    reason: str
    basis: str
    start: dt.date | None
    exemptions: tuple = ()


def requirement(
    organization, kind: str, *, activities: list | None = None, transfers: list | None = None
) -> Requirement:
    """Return the duty to file a ``kind`` dossier, from organizations.applicability and the register.

    1. The organisation-level findings (state agency, Decree 356 Art. 41 relief) come from
       ``applicability``; an exempt or optional organisation gets no clock, only the reason.
    2. For transfers, each registered transfer may be exempt itself (Law 20(6)(b)-(c); Decree
       17(3)); only the others need the dossier.
    3. The clock starts from the earliest first-processing / first-transfer date.

    A list page passes the organisation's ``activities`` and ``transfers`` (every one, with
    their activity) read for all its organisations at once; otherwise they are read here.
    """
    topic = "processing_dossier" if kind == PROCESSING else "transfer_dossier"
    finding = next(f for f in applicability(organization) if f.topic == topic)
    if not finding.applies or finding.optional:
        return Requirement(kind, False, finding.optional, finding.reason, finding.basis, None)
    if kind == PROCESSING:
        if activities is None:
            activities = list(ProcessingActivity.objects.filter(organization=organization))
        dates = [a.started_on for a in activities if a.ended_on is None and a.started_on]
        if not activities:
            return Requirement(
                kind,
                False,
                False,
                _("Chưa có hoạt động xử lý dữ liệu cá nhân nào trong sổ đăng ký."),
                finding.basis,
                None,
            )
        return Requirement(
            kind, True, False, finding.reason, finding.basis, min(dates, default=None)
        )
    if transfers is None:
        transfers = list(
            Transfer.objects.filter(organization=organization).select_related("activity")
        )
    transfers = sorted((t for t in transfers if t.ended_on is None), key=lambda t: t.pk)
    exempt = tuple((t, documents.exemption_label(t.exemption)) for t in transfers if t.exemption)
    needed = [t for t in transfers if not t.exemption]
    if not transfers:
        return Requirement(
            kind,
            False,
            False,
            _("Sổ đăng ký chưa có hoạt động chuyển dữ liệu cá nhân ra nước ngoài."),
            _("Luật 91/2025 Điều 20 khoản 1"),
            None,
        )
    if not needed:
        return Requirement(
            kind,
            False,
            False,
            _(
                "Mọi hoạt động chuyển dữ liệu ra nước ngoài trong sổ đăng ký đều thuộc trường hợp "
                "không phải đánh giá tác động."
            ),
            _("Luật 91/2025 Điều 20 khoản 6; Nghị định 356/2025 Điều 17 khoản 3"),
            None,
            exempt,
        )
    dates = [t.first_transfer_on for t in needed if t.first_transfer_on]
    return Requirement(
        kind, True, False, finding.reason, finding.basis, min(dates, default=None), exempt
    )


def dossier_deadlines(dossier: Dossier) -> dict[str, Deadline]:
    """Return the latest clock of each rule for ``dossier`` and its versions (cancelled left out)."""
    if not dossier.pk:
        return {}
    return dossiers_clocks([dossier])[dossier.pk][0]


def dossiers_clocks(dossiers) -> dict[int, tuple[dict[str, Deadline], Deadline | None]]:
    """Return, per dossier pk, its ``dossier_deadlines`` and the clock ``sanction_flag`` reads.

    Three queries whatever the number of dossiers (a list page shows every organisation's): the
    dossiers' clocks, their latest versions, and those versions' clocks.
    """
    from django.contrib.contenttypes.models import ContentType

    dossiers = [d for d in dossiers if d.pk]
    ids = [d.pk for d in dossiers]
    own: dict[int, list[Deadline]] = {pk: [] for pk in ids}
    for d in Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Dossier), object_id__in=map(str, ids)
    ).order_by("pk"):
        own[int(d.object_id)].append(d)
    latest: dict[int, int] = {}  # dossier pk -> pk of its latest version
    for version_pk, dossier_pk in (
        DossierVersion.objects.filter(dossier__in=ids)
        .order_by("dossier_id", "number")
        .values_list("pk", "dossier_id")
    ):
        latest[dossier_pk] = version_pk
    of_version: dict[int, list[Deadline]] = {pk: [] for pk in latest.values()}
    for d in Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(DossierVersion),
        object_id__in=[str(pk) for pk in latest.values()],
    ).order_by("pk"):
        of_version[int(d.object_id)].append(d)
    result = {}
    for pk in ids:
        by_rule: dict[str, Deadline] = {}
        # The dossier's clocks, then its latest version's: a version's clock of a rule wins.
        for d in own[pk] + of_version.get(latest.get(pk), []):
            if d.status != Deadline.Status.CANCELLED:
                by_rule[d.rule] = d
        complete = [d for d in own[pk] if d.rule == COMPLETE]
        result[pk] = (by_rule, complete[-1] if complete else None)
    return result


def sanction_flag(dossier: Dossier, complete: Deadline | None = None) -> dict | None:
    """Return the flag for sanction consideration when a completion request lapsed (Art. 18(6), 19(6))."""
    if complete is None:
        complete = deadlines_for(dossier).filter(rule=COMPLETE).order_by("-pk").first()
    if complete is None:
        return None
    # The sweeper marks the clock overdue when the 30 days end without the new version.
    if complete.status == Deadline.Status.OVERDUE:
        return {"state": "lapsed", "deadline": complete, "due": complete.effective_due_at}
    if complete.status == Deadline.Status.MET and complete.breached_at:
        return {"state": "late", "deadline": complete, "due": complete.effective_due_at}
    return None
