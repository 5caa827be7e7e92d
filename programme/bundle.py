"""The protection programme section of the inspection bundle (Decree 356 Art. 13-16).

The DPO designation (contacts, decisions with their documents) and the qualifications of the
people designated.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.filings.bundle import register_section
from pdp_portal.organizations.models import ProtectionContact

from .models import Designation, ProtectionPerson

# Decree 356 Art. 13-16: the unit, staff or provider named by the organisation.
CONTACT_COLUMNS = (
    "kind",
    "name",
    "position",
    "email",
    "phone",
    "address",
    "provider_tax_code",
    "contract_reference",
    "is_primary",
)
PERSON_COLUMNS = (
    "full_name",
    "position",
    "email",
    "phone",
    "degree_level",
    "degree_field",
    "graduated_on",
    "experience_field",
    "experience_since",
    "training",
    "active",
    "sha256",
)


def build(organization, period_start, period_end, writer):
    """Write the protection contacts, the designation decisions and the people's qualifications."""
    contacts = writer.add_query(
        "bo-phan-nhan-su-bao-ve-du-lieu.csv",
        ProtectionContact.objects.filter(organization=organization).order_by("-is_primary", "pk"),
        CONTACT_COLUMNS,
    )
    designations = Designation.objects.filter(organization=organization).order_by(
        "decided_on", "pk"
    )
    writer.add_query(
        "quyet-dinh-chi-dinh.csv",
        designations,
        ("reference", "decided_on", "original_name", "sha256"),
    )
    for row in designations.iterator():
        if row.file:
            writer.add_file(f"quyet-dinh/{row.pk}-{row.original_name}", row.file)
    people = ProtectionPerson.objects.filter(organization=organization).order_by("pk")
    writer.add_query("nang-luc-nhan-su.csv", people, PERSON_COLUMNS)
    for row in people.iterator():
        if row.file:
            writer.add_file(f"bang-cap/{row.pk}-{row.original_name}", row.file)
    return [
        (_("Bộ phận, nhân sự bảo vệ dữ liệu cá nhân"), contacts),
        (_("Quyết định chỉ định"), designations.count()),
        (_("Nhân sự đang được chỉ định"), people.filter(active=True).count()),
    ]


register_section(
    "programme",
    title=gettext_noop("Bộ phận, nhân sự bảo vệ dữ liệu cá nhân: chỉ định và năng lực"),
    order=70,
    builder=build,
    contents=("compliance", "processing_services"),
)
