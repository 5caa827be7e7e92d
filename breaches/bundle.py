"""The breach section of the inspection bundle (Law 91/2025 Art. 23; Decree 356 Art. 28-29).

Every violation open during the period, each notification filed with the agency (Form 08, as
filed) and the notices sent to data subjects (Decree 356 Art. 29(2)).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.clock.rules import get_rule
from pdp_portal.filings.bundle import alive_during, count_by_status, register_section

from .models import Breach, BreachSubmission, SubjectNotice
from .notices import NOTICE_FIELDS

BREACH_COLUMNS = (
    "reference",
    "summary",
    "discovered_at",
    "severity",
    "record_count",
    "subject_count",
    "status",
    "review_status",
    "submitted_at",
    "contained_at",
    "remediated_at",
    "closed_at",
    "retain_until",
)
SUBMISSION_COLUMNS = (
    "breach__reference",
    "version",
    "kind",
    "document_number",
    "submitted_at",
    "within_deadline",
    "late_reason",
    "pdf_sha256",
)
# Decree 356 Art. 29(2)(a)-(e), as sent.
NOTICE_COLUMNS = ("breach__reference", "sent_at", *NOTICE_FIELDS)


def build(organization, period_start, period_end, writer):
    """Write the breaches of the period (CSV), their Form 08 PDFs and their subject notices."""
    breaches = alive_during(
        Breach.objects.filter(organization=organization),
        "discovered_at",
        "closed_at",
        period_start,
        period_end,
    )
    count = writer.add_query(
        "vi-pham.csv", breaches.order_by("discovered_at", "pk"), BREACH_COLUMNS
    )
    submissions = BreachSubmission.objects.filter(breach__in=breaches).order_by(
        "breach_id", "version"
    )
    writer.add_query("thong-bao-co-quan-chuyen-trach.csv", submissions, SUBMISSION_COLUMNS)
    writer.add_binaries(
        submissions,
        ("breach__reference", "version"),
        lambda reference, version: {"pdf": f"{reference}/mau-08-lan-{version}.pdf"},
    )
    notices = SubjectNotice.objects.filter(breach__in=breaches, status=SubjectNotice.Status.SENT)
    notice_count = writer.add_query(
        "thong-bao-chu-the-du-lieu.csv", notices.order_by("sent_at", "pk"), NOTICE_COLUMNS
    )
    late = submissions.filter(within_deadline=False).count()
    lines = [(_("Vi phạm trong kỳ"), count), *count_by_status(breaches, Breach.Status)]
    lines += [
        (_("Thông báo gửi cơ quan chuyên trách (Mẫu số 08)"), submissions.count()),
        (
            _("Trong đó nộp quá thời hạn %(period)s")
            % {"period": get_rule("breach.notify_agency").period_text},
            late,
        ),
        (_("Thông báo đã gửi chủ thể dữ liệu"), notice_count),
    ]
    return lines


register_section(
    "breaches",
    title=gettext_noop("Vi phạm quy định bảo vệ dữ liệu cá nhân và các thông báo"),
    order=40,
    builder=build,
    contents=("compliance",),
)
