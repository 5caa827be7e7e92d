"""Shared groundwork of the certification services (Decree 356/2025 Art. 21-27).

The clocks the procedure runs on (completeness check and supplement Art. 25(3), decision
Art. 25(4), reissue Art. 26(1)(b), replacement Art. 26(2)(b), return of a revoked certificate
Art. 27(3)), the agency named by Forms 05-07 (Art. 24(2)), the Form 04 fields the organisation
fills in (Art. 22, 25(1)), and the private helpers every step uses: locking and transition checks,
meeting and cancelling clocks, telling the agency and the organisation, the numbering lock and
dates as the forms print them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdp_portal.concurrency import refresh
from pdp_portal.filings.review import (
    RUNNING,  # noqa: F401 - the certification services read it here
    Moves,
    cancel_running,
    latest_deadlines,  # noqa: F401 - the certification pages read it here
    lock_row,
    meet,
    tell_agency,
)
from pdp_portal.notices.telling import tell_people
from pdp_portal.organizations.people import organization_people
from pdp_portal.workflow import acting_user

from .models import (
    CERTIFICATE_TRANSITIONS,
    CHANGE_TRANSITIONS,
    TRANSITIONS,
    Application,
    Certificate,
    ChangeRequest,
    InvalidTransition,
)

Status = Application.Status
CHECK = "certificate.check"
SUPPLEMENT = "certificate.supplement"
DECIDE = "certificate.decide"
REISSUE = "certificate.reissue"
REPLACE = "certificate.replace"
RETURN = "certificate.return"

# The agency named by the Decree's forms (Form 06, Form 07 Art. 3; Decree 356 Art. 24(2)).
AGENCY_NAME = gettext_noop("Bộ Công an")
AGENCY_UNIT = "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"
AGENCY_PLACE = gettext_noop("Hà Nội")
# The usual titles of the agency's signer, so that an English rendering of Forms 05 and 07 names
# them in English; any other title is printed as the regulator typed it.
SIGNER_TITLES = (gettext_noop("Cục trưởng"), gettext_noop("Phó Cục trưởng"))

# Fields of the application form the organisation fills in (Form 04 section 1, Art. 22).
UPDATABLE_FIELDS = (
    "document_number",
    "place",
    "transaction_office",
    "fax",
    "legal_representative",
    "legal_representative_contact",
    "signer_name",
    "head_name",
    "head_is_vietnamese_citizen",
    "head_resides_in_vietnam",
    "management_qualified",
    "infrastructure_adequate",
    "impact_dossier_satisfactory",
    "transfers_abroad",
    "transfer_dossier_satisfactory",
    "registration_in_national_database",
    "scheme_points",
    "commitment",
)
STAFF_FIELDS = (
    "full_name",
    "position",
    "phone",
    "email",
    "degree_level",
    "degree_field",
    "graduated_on",
    "experience_field",
    "experience_since",
    "training",
)

# Points of a list in Vietnamese legal drafting: a), b), c), d), đ), e), g), ...
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
# The Decree's forms (04 to 07) are filed as Vietnamese documents, whatever language their writer
# reads; an English rendering of the same snapshot (``language="en"``) is a translation to read.
FORM_LANGUAGE = "vi"

# What the audit trail and the organisation's notifications say of a Form 06 request, per kind.
CHANGE_MESSAGES = {
    ChangeRequest.Kind.REISSUE: {
        "request": gettext_noop("Đề nghị cấp lại giấy chứng nhận %(n)s (Mẫu số 06)"),
        "notify": gettext_noop("%(org)s đề nghị cấp lại giấy chứng nhận %(n)s"),
        "grant": gettext_noop("Cấp lại giấy chứng nhận %(old)s: số mới %(new)s"),
        "refuse": gettext_noop("Không cấp lại giấy chứng nhận %(n)s"),
    },
    ChangeRequest.Kind.REPLACE: {
        "request": gettext_noop("Đề nghị cấp đổi giấy chứng nhận %(n)s (Mẫu số 06)"),
        "notify": gettext_noop("%(org)s đề nghị cấp đổi giấy chứng nhận %(n)s"),
        "grant": gettext_noop("Cấp đổi giấy chứng nhận %(old)s: số mới %(new)s"),
        "refuse": gettext_noop("Không cấp đổi giấy chứng nhận %(n)s"),
    },
}


# --- helpers -----------------------------------------------------------------------------------


# Locking, refreshing, meeting and cancelling clocks: the steps every filing shares.
_user = acting_user
_refresh = refresh
_lock = lock_row
_lock_certificate = lock_row
_meet = meet
_cancel_running = cancel_running


# The moves of an application (Art. 25(3)-(4)), a certificate (Art. 26, 27), a Form 06 request.
_check = Moves(TRANSITIONS, Status).check
_check_certificate = Moves(
    CERTIFICATE_TRANSITIONS,
    Certificate.Status,
    gettext_lazy(
        "Giấy chứng nhận %(number)s đang ở trạng thái “%(current)s”: không thể “%(target)s”."
    ),
    named=("number",),
).check
_check_change = Moves(
    CHANGE_TRANSITIONS,
    ChangeRequest.Status,
    gettext_lazy("Đề nghị đã được xử lý (“%(current)s”)."),
).check

_tell_agency = tell_agency


def _tell_organization(
    *, organization, key: str, title: str, params: dict, body: tuple[str, dict], url: str
) -> None:
    """Notify the organisation's DPOs and staff in the portal and by e-mail (through the outbox).

    ``title`` and ``body`` are message keys with their parameters (``literal`` for what a person
    typed): the notification reads in its reader's language, the e-mail in its recipient's.
    """

    tell_people(
        organization_people(organization),
        organization=organization,
        key=key,
        title=title,
        params=params,
        url=url,
        template="certificate_update",
        body=body,
    )


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def _editable(locked: Application) -> None:
    if not locked.editable:
        raise InvalidTransition(
            _("Hồ sơ đang ở trạng thái “%(status)s”: không thể sửa.")
            % {"status": Status(locked.status).label}
        )
