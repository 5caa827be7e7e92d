"""The certification section of the inspection bundle (Decree 356 Art. 21-27; Art. 31(3)(c))."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.filings.bundle import alive_during, register_section

from .models import Application, Certificate

CERTIFICATE_COLUMNS = (
    "number",
    "status",
    "issued_at",
    "holder_name",
    "holder_tax_code",
    "services",
    "pdf_sha256",
    "revoked_at",
    "revocation_ground",
    "revocation_number",
    "returned_at",
)


def build(organization, period_start, period_end, writer):
    """Write the certificates (CSV and Form 05/07 PDFs) and the applications filed."""
    certificates = alive_during(
        Certificate.objects.filter(organization=organization),
        "issued_at",
        "revoked_at",
        period_start,
        period_end,
    )
    count = writer.add_query(
        "giay-chung-nhan.csv", certificates.order_by("issued_at", "pk"), CERTIFICATE_COLUMNS
    )

    def forms(number):
        name = number.replace("/", "-")
        return {"pdf": f"{name}/mau-05.pdf", "revocation_pdf": f"{name}/mau-07-thu-hoi.pdf"}

    writer.add_binaries(certificates.order_by("pk"), ("number",), forms)
    applications = writer.add_query(
        "ho-so-de-nghi.csv",
        Application.objects.filter(organization=organization, submitted_at__isnull=False).order_by(
            "pk"
        ),
        ("reference", "status", "submitted_at", "completed_at", "decided_at", "decision_reason"),
    )
    valid = certificates.filter(status=Certificate.Status.VALID).count()
    return [
        (_("Giấy chứng nhận trong kỳ"), count),
        (_("Còn hiệu lực"), valid),
        (_("Hồ sơ đề nghị cấp giấy chứng nhận"), applications),
    ]


register_section(
    "certification",
    title=gettext_noop("Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ xử lý dữ liệu cá nhân"),
    order=50,
    builder=build,
    contents=("processing_services", "compliance"),
)
