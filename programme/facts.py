"""The facts about an organisation that decide which obligations apply, and the engine that
reads the catalogue against them.

Facts come from the organisation's profile (sectors, roles, size), the programme profile, the
processing register (sensitive data types, transfers inside Vietnam, cloud transfers; read
through the ``register.rows`` hook, see pdp_portal.hooks), the AI register, the contract
register and the protection contacts. Each fact carries its reason as a message key and
parameters (pdp_portal.messages), so the page and the stored state read in any language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from pdp_portal import hooks
from pdp_portal.messages import render_message
from pdp_portal.organizations.applicability import applicability
from pdp_portal.organizations.models import Organization, ProcessingRole, ProtectionContact

from .catalogue import OBLIGATIONS, Obligation

# Each fact: (message when it holds, message when it does not).
FACT_MESSAGES: dict[str, tuple[str, str]] = {
    "domestic_transfer": (
        gettext_noop("Sổ đăng ký có bên nhận dữ liệu tại Việt Nam: %(names)s"),
        gettext_noop("Sổ đăng ký không có bên nhận dữ liệu tại Việt Nam"),
    ),
    "sensitive": (
        gettext_noop("Xử lý dữ liệu cá nhân nhạy cảm"),
        gettext_noop("Không xử lý dữ liệu cá nhân nhạy cảm"),
    ),
    "finance": (
        gettext_noop("Hoạt động trong lĩnh vực tài chính, ngân hàng, tín dụng (hồ sơ tổ chức)"),
        gettext_noop("Không hoạt động trong lĩnh vực tài chính, ngân hàng, tín dụng"),
    ),
    "controller": (
        gettext_noop("Là bên kiểm soát dữ liệu cá nhân"),
        gettext_noop("Không là bên kiểm soát dữ liệu cá nhân"),
    ),
    "big_data": (
        gettext_noop("Xử lý dữ liệu lớn có dữ liệu cá nhân (Nghị định 356/2025 Điều 9 khoản 1)"),
        gettext_noop("Không xử lý dữ liệu lớn"),
    ),
    "ai": (
        gettext_noop("Sổ hệ thống trí tuệ nhân tạo có %(n)s hệ thống đang vận hành: %(names)s"),
        gettext_noop("Không có hệ thống trí tuệ nhân tạo, xử lý tự động nào đang vận hành"),
    ),
    "ai_identifies": (
        gettext_noop("Kết quả suy luận của hệ thống xác định được cá nhân: %(names)s"),
        gettext_noop("Không hệ thống nào có kết quả suy luận xác định được cá nhân"),
    ),
    "blockchain": (
        gettext_noop("Xử lý dữ liệu cá nhân bằng công nghệ chuỗi khối"),
        gettext_noop("Không dùng công nghệ chuỗi khối"),
    ),
    "cloud_customer": (
        gettext_noop("Dùng dịch vụ điện toán đám mây: %(names)s"),
        gettext_noop("Không có nhà cung cấp điện toán đám mây trong sổ đăng ký, sổ hợp đồng"),
    ),
    "cloud_provider": (
        gettext_noop("Cung cấp dịch vụ điện toán đám mây"),
        gettext_noop("Không cung cấp dịch vụ điện toán đám mây"),
    ),
    "protection_required": (
        gettext_noop(
            "Phải chỉ định bộ phận, nhân sự bảo vệ dữ liệu cá nhân (Luật 91/2025 Điều 33)"
        ),
        gettext_noop(
            "Chưa bắt buộc chỉ định bộ phận, nhân sự bảo vệ dữ liệu cá nhân (Nghị định 356/2025 Điều 41)"
        ),
    ),
    "protection_designated": (
        gettext_noop("Tổ chức đã chỉ định bộ phận, nhân sự bảo vệ dữ liệu cá nhân của mình"),
        gettext_noop("Tổ chức chưa chỉ định bộ phận, nhân sự bảo vệ dữ liệu cá nhân của mình"),
    ),
    "protection_provider": (
        gettext_noop("Thuê dịch vụ bảo vệ dữ liệu cá nhân: %(names)s"),
        gettext_noop("Không thuê dịch vụ bảo vệ dữ liệu cá nhân"),
    ),
    "employer": (
        gettext_noop("Tuyển dụng, sử dụng người lao động"),
        gettext_noop("Không tuyển dụng, sử dụng người lao động"),
    ),
    "health": (
        gettext_noop("Xử lý thông tin sức khỏe hoặc hoạt động bảo hiểm: %(names)s"),
        gettext_noop("Không xử lý thông tin sức khỏe, không kinh doanh bảo hiểm"),
    ),
    "health_sector": (
        gettext_noop("Hoạt động trong lĩnh vực y tế"),
        gettext_noop("Không hoạt động trong lĩnh vực y tế"),
    ),
    "advertising": (
        gettext_noop("Cung cấp dịch vụ quảng cáo hoặc quảng cáo theo hành vi"),
        gettext_noop("Không kinh doanh dịch vụ quảng cáo"),
    ),
    "social_media": (
        gettext_noop("Cung cấp mạng xã hội, dịch vụ truyền thông trực tuyến"),
        gettext_noop("Không cung cấp mạng xã hội, dịch vụ truyền thông trực tuyến"),
    ),
    "location": (
        gettext_noop("Sổ đăng ký có dữ liệu vị trí cá nhân: %(names)s"),
        gettext_noop("Sổ đăng ký không có dữ liệu vị trí cá nhân"),
    ),
    "biometric": (
        gettext_noop("Sổ đăng ký có dữ liệu sinh trắc học: %(names)s"),
        gettext_noop("Sổ đăng ký không có dữ liệu sinh trắc học"),
    ),
    "public_recording": (
        gettext_noop("Ghi âm, ghi hình tại nơi công cộng"),
        gettext_noop("Không ghi âm, ghi hình tại nơi công cộng"),
    ),
}


@dataclass(frozen=True)
class Fact:
    code: str
    holds: bool
    params: dict = field(default_factory=dict)

    @property
    def reason(self) -> dict:
        """Return the fact as a stored message: {"message", "params"}."""
        yes, no = FACT_MESSAGES[self.code]
        return {"message": yes if self.holds else no, "params": self.params if self.holds else {}}

    @property
    def text(self) -> str:
        return render_message(self.reason["message"], self.reason["params"])


@dataclass(frozen=True)
class Finding:
    obligation: Obligation
    applies: bool
    facts: tuple[Fact, ...]

    @property
    def reasons(self) -> list[dict]:
        return [fact.reason for fact in self.facts]


def _names(items) -> dict:
    names = sorted({str(item) for item in items})
    return {"n": len(names), "names": ", ".join(names)}


def gather(org: Organization) -> dict[str, Fact]:
    """Return every fact about ``org``, read from its profile and registers (a fixed number of queries)."""
    from .models import AISystem, Contract, Designation, ProgrammeProfile

    profile = ProgrammeProfile.objects.filter(organization=org).first() or ProgrammeProfile()
    sectors = set(org.sectors or [])
    roles = set(org.roles or [])
    # The processing register is the dossiers app's: read through the core (pdp_portal.hooks).
    register = hooks.call("register.rows", organization=org) or {}
    activities = register.get("activities", [])
    # Decree 356 Art. 7(1): parties in Vietnam that receive the data (register rows).
    domestic = register.get("domestic_recipients", [])

    def with_type(code):
        return [a["name"] for a in activities if code in a["sensitive_data_types"]]

    systems = list(
        AISystem.objects.filter(organization=org, active=True).only("name", "identifies_people")
    )
    contracts = list(Contract.objects.filter(organization=org).only("kind", "party"))
    cloud = [c.party for c in contracts if c.kind == Contract.Kind.CLOUD] + register.get(
        "cloud_abroad", []
    )
    contacts = list(ProtectionContact.objects.filter(organization=org).only("kind", "name"))
    providers = [c.name for c in contacts if c.kind == ProtectionContact.Kind.PROVIDER] + [
        c.party for c in contracts if c.kind == Contract.Kind.PROTECTION
    ]
    designated = (
        any(c.kind in (ProtectionContact.Kind.UNIT, ProtectionContact.Kind.STAFF) for c in contacts)
        or Designation.objects.filter(organization=org).exists()
    )
    staff_finding = next(f for f in applicability(org) if f.topic == "protection_staff")
    health = with_type("health") + [str(s) for s in sectors & {"health", "insurance"}]

    values = {
        "domestic_transfer": (bool(domestic), _names(domestic)),
        "sensitive": (
            org.processes_sensitive_data
            or any(a["sensitive_data_types"] for a in activities)
            or bool(register.get("domestic_sensitive")),
            {},
        ),
        "finance": ("finance" in sectors, {}),
        "controller": (
            bool(roles & {ProcessingRole.CONTROLLER, ProcessingRole.CONTROLLER_PROCESSOR}),
            {},
        ),
        "big_data": (profile.big_data, {}),
        "ai": (bool(systems), _names(systems)),
        "ai_identifies": (
            any(s.identifies_people for s in systems),
            _names(s for s in systems if s.identifies_people),
        ),
        "blockchain": (profile.blockchain, {}),
        "cloud_customer": (bool(cloud), _names(cloud)),
        "cloud_provider": (profile.cloud_provider, {}),
        "protection_required": (staff_finding.applies and not staff_finding.optional, {}),
        "protection_designated": (designated, {}),
        "protection_provider": (bool(providers), _names(providers)),
        "employer": (profile.has_employees or "employment" in sectors, {}),
        "health": (bool(health), _names(health)),
        "health_sector": ("health" in sectors, {}),
        "advertising": (profile.advertising or "advertising" in sectors, {}),
        "social_media": (profile.social_media, {}),
        "location": (bool(with_type("location")), _names(with_type("location"))),
        "biometric": (bool(with_type("biometric")), _names(with_type("biometric"))),
        "public_recording": (profile.public_recording, {}),
    }
    return {code: Fact(code, bool(holds), params) for code, (holds, params) in values.items()}


def evaluate(facts: dict[str, Fact]) -> list[Finding]:
    """Return, for every obligation of the catalogue, whether it applies and the facts why."""
    findings = []
    for obligation in OBLIGATIONS:
        any_of = [facts[code] for code in obligation.when]
        all_of = [facts[code] for code in obligation.also]
        holding = [f for f in any_of if f.holds]
        missing = [f for f in all_of if not f.holds]
        if holding and not missing:
            findings.append(Finding(obligation, True, tuple(holding + all_of)))
        else:
            # Why not: the conditions none of which held, or the extra one that failed.
            findings.append(Finding(obligation, False, tuple(missing if holding else any_of)))
    return findings


def obligations_for(org: Organization) -> list[Finding]:
    """Return the findings for ``org``: the applicability engine."""
    return evaluate(gather(org))
