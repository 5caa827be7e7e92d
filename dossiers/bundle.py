"""The register and dossier sections of the inspection bundle (Decree 356 Art. 31(3)(a)-(b)).

The processing register as it stands, and every impact dossier (Forms 01a-03b, 09, 10) with each
version filed, its enclosures and the agency's decisions (Decree 356 Art. 18-20).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.filings.bundle import count_by_status, in_period, register_section

from .models import (
    Dossier,
    DossierVersion,
    ProcessingActivity,
    ReviewEvent,
    Transfer,
    VersionEnclosure,
)

ACTIVITY_COLUMNS = (
    "pk",
    "name",
    "purpose",
    "role",
    "subject_categories",
    "basic_data_types",
    "sensitive_data_types",
    "consent_method",
    "retention",
    "deletion",
    "started_on",
    "ended_on",
    "updated_at",
)
TRANSFER_COLUMNS = (
    "activity_id",
    "kind",
    "recipient__name",
    "country",
    "first_transfer_on",
    "exemption",
)


def build_register(organization, period_start, period_end, writer):
    """Write the processing register (activities and transfers abroad) as CSV."""
    activities = ProcessingActivity.objects.filter(organization=organization).order_by("pk")
    count = writer.add_query("so-dang-ky-hoat-dong-xu-ly.csv", activities, ACTIVITY_COLUMNS)
    transfers = writer.add_query(
        "chuyen-du-lieu-ra-nuoc-ngoai.csv",
        Transfer.objects.filter(organization=organization).order_by("pk"),
        TRANSFER_COLUMNS,
    )
    return [(_("Hoạt động xử lý"), count), (_("Chuyển dữ liệu ra nước ngoài"), transfers)]


def build_dossiers(organization, period_start, period_end, writer):
    """Write each dossier's versions (PDFs, enclosures) and the agency's decisions."""
    start, end = in_period(period_start, period_end)
    dossiers = list(
        Dossier.objects.filter(organization=organization)
        .exclude(status=Dossier.Status.DRAFT)
        .order_by("pk")
        .values_list("pk", "reference", "kind", "status", "first_submitted_at", "last_filed_at")
    )
    writer.add_csv(
        "ho-so.csv",
        ["id", "reference", "kind", "status", "first_submitted_at", "last_filed_at"],
        dossiers,
    )
    references = {pk: ref for pk, ref, *_rest in dossiers}
    versions = DossierVersion.objects.filter(dossier_id__in=references).order_by(
        "dossier_id", "number"
    )

    def documents(dossier_id, number):
        folder = f"{references[dossier_id]}/v{number}"
        return {
            "notice_pdf": f"{folder}/van-ban-gui.pdf",
            "report_pdf": f"{folder}/bao-cao-danh-gia.pdf",
            "update_pdf": f"{folder}/cap-nhat.pdf",
        }

    version_count = writer.add_binaries(versions, ("dossier_id", "number"), documents)
    enclosures = VersionEnclosure.objects.filter(version__dossier_id__in=references).select_related(
        "version"
    )
    for enclosure in enclosures.order_by("pk").iterator(chunk_size=200):
        folder = f"{references[enclosure.version.dossier_id]}/v{enclosure.version.number}"
        writer.add_file(
            f"{folder}/kem-theo/{enclosure.pk}-{enclosure.original_name}", enclosure.file
        )
    decisions = ReviewEvent.objects.filter(dossier_id__in=references).order_by("created_at", "pk")
    writer.add_query(
        "quyet-dinh-cua-co-quan-chuyen-trach.csv",
        decisions,
        ("dossier__reference", "version__number", "kind", "reasons", "created_at"),
    )
    in_period_count = versions.filter(submitted_at__gte=start, submitted_at__lt=end).count()
    lines = [
        (_("Hồ sơ đã nộp"), len(dossiers)),
        (_("Phiên bản đã nộp"), version_count),
        (_("Phiên bản nộp trong kỳ"), in_period_count),
    ]
    lines += count_by_status(Dossier.objects.filter(pk__in=references), Dossier.Status)
    lines.append((_("Quyết định của cơ quan chuyên trách"), decisions.count()))
    return lines


register_section(
    "register",
    title=gettext_noop("Sổ đăng ký hoạt động xử lý dữ liệu cá nhân"),
    order=10,
    builder=build_register,
    contents=("compliance", "impact_assessment"),
)
register_section(
    "dossiers",
    title=gettext_noop(
        "Hồ sơ đánh giá tác động, các phiên bản và quyết định của cơ quan chuyên trách"
    ),
    order=20,
    builder=build_dossiers,
    contents=("impact_assessment",),
)
