"""The consent section of the inspection bundle: summaries of the evidence (Decree 356 Art. 6).

Counts only, per notice version, method, purpose and decision: the evidence of one subject's
consent is produced on request from the consents pages (signed receipts), not in bulk.
"""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.filings.bundle import in_period, register_section

from .models import ConsentDecision, ConsentRecord, Notice


def build(organization, period_start, period_end, writer):
    """Write the notices shown and the counts of consent records and decisions of the period."""
    start, end = in_period(period_start, period_end)
    notices = writer.add_query(
        "thong-bao-xu-ly.csv",
        Notice.objects.filter(organization=organization).order_by("version"),
        ("version", "title_vi", "status", "published_at", "content_hash"),
    )
    records = ConsentRecord.objects.filter(
        organization=organization, collected_at__gte=start, collected_at__lt=end
    )
    writer.add_csv(
        "ban-ghi-theo-phuong-thuc.csv",
        ["notice_version", "method", "collection_point", "records"],
        records.values_list("notice__version", "method", "collection_point")
        .annotate(n=Count("pk"))
        .order_by("notice__version", "method", "collection_point"),
    )
    decisions = (
        ConsentDecision.objects.filter(record__in=records)
        .values_list("record__notice__version", "purpose__code", "decision")
        .annotate(n=Count("pk"))
        .order_by("record__notice__version", "purpose__code", "decision")
    )
    writer.add_csv(
        "quyet-dinh-theo-muc-dich.csv",
        ["notice_version", "purpose", "decision", "count"],
        decisions,
    )
    with_receipt = records.exclude(receipt="").count()
    total = records.count()
    return [
        (_("Phiên bản thông báo xử lý dữ liệu"), notices),
        (_("Bản ghi sự đồng ý trong kỳ"), total),
        (_("Bản ghi có biên nhận đã ký"), with_receipt),
    ]


register_section(
    "consents",
    title=gettext_noop("Sự đồng ý của chủ thể dữ liệu: tóm tắt chứng cứ"),
    order=60,
    builder=build,
    contents=("compliance",),
)
