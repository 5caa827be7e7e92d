"""Organisations with a bit of everything, built through the services, for the list tests.

``World.grow(k)`` adds k organisations, each with a rights request, a submitted breach with a
public notice, a register (activity, recipient, transfer abroad), a submitted processing dossier
and a granted certificate; the DPO is a member of every one of them, the regulator sees them all.
"""

import datetime as dt
import itertools

from breaches import services as breach_services
from certification import services as cert_services
from dossiers import services as dossier_services
from dossiers.catalogue import PROCESSING
from subjects_rights import services as rights_services
from tests.breaches.conftest import make_breach
from tests.certification.conftest import make_application
from tests.dossiers.conftest import answers_for, make_register, pdf_upload
from tests.factories import add_member, make_contact, make_organization

_seq = itertools.count(1)


class World:
    def __init__(
        self,
        dpo,
        regulator,
        now: dt.datetime,
        *,
        kinds=("rights", "breach", "dossier", "certificate"),
    ):
        self.dpo, self.regulator, self.now, self.kinds = dpo, regulator, now, set(kinds)
        self.organizations = []

    def grow(self, k: int) -> None:
        for _ in range(k):
            self.organizations.append(self._organization())

    def _organization(self):
        n = next(_seq)
        org = make_organization(
            name=f"Công ty Cổ phần Danh sách {n:03d}",
            registration_document="0101234567, Sở Tài chính Hà Nội, 12/03/2015",
            phone="024 3825 1234",
            email=f"dpo{n}@example.vn",
            business_lines=["4791", "6312"],
        )
        add_member(org, self.dpo, "dpo")
        make_contact(org, email=f"lan{n}@example.vn")
        if "rights" in self.kinds:
            rights_services.request_enter(
                actor=self.dpo,
                organization=org,
                channel="email",
                received_at=self.now - dt.timedelta(hours=1),
                request_type="access",
                full_name=f"Nguyễn Văn {n}",
                description="Cho tôi xem dữ liệu về tôi.",
                email=f"subject{n}@example.vn",
            )
        if "breach" in self.kinds:
            breach = make_breach(org, self.dpo, discovered_at=self.now - dt.timedelta(hours=2))
            breach_services.breach_submit(actor=self.dpo, breach=breach)
            breach_services.breach_publish_notice(
                actor=self.dpo, breach=breach, text="Thông báo công khai về sự cố."
            )
        if "dossier" in self.kinds:
            make_register(org, self.dpo, transfer=True)
            dossier = dossier_services.dossier_open(
                actor=self.dpo, organization=org, kind=PROCESSING
            )
            dossier_services.dossier_save_answers(
                actor=self.dpo, dossier=dossier, answers=answers_for(PROCESSING)
            )
            for category in ("contract", "policy"):
                dossier_services.enclosure_add(
                    actor=self.dpo,
                    dossier=dossier,
                    upload=pdf_upload(),
                    category=category,
                    description="Tài liệu kèm theo",
                )
            dossier_services.dossier_submit(actor=self.dpo, dossier=dossier)
        if "certificate" in self.kinds:
            application = make_application(org, self.dpo)
            cert_services.application_submit(actor=self.dpo, application=application)
            cert_services.application_complete(actor=self.regulator, application=application)
            cert_services.application_grant(
                actor=self.regulator, application=application, signer_name="Nguyễn Văn An"
            )
        return org
