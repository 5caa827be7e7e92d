"""The compliance programme: profile facts, obligation states and their evidence, AI register,
contracts, the organisation's own protection staff and training (Decree 356 Art. 8-16; Law 91/2025
Art. 25-32)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdp_portal.organizations.qualifications import DegreeLevel, ExperienceField, QualifiedPerson
from pdp_portal.workflow import InvalidTransition  # noqa: F401 - refusals as every app's

from .catalogue import EvidenceKind


class ProgrammeProfile(models.Model):
    """What the organisation does, beyond its profile and register, that decides what applies."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="programme_profile"
    )
    # Decree 356 Art. 9(1): large scale, continuous, many sources, analysing behaviour.
    big_data = models.BooleanField(_("xử lý dữ liệu lớn có dữ liệu cá nhân"), default=False)
    # Decree 356 Art. 11.
    blockchain = models.BooleanField(_("xử lý dữ liệu cá nhân bằng chuỗi khối"), default=False)
    # Decree 356 Art. 12(3).
    cloud_provider = models.BooleanField(_("cung cấp dịch vụ điện toán đám mây"), default=False)
    # Law 91/2025 Art. 29.
    social_media = models.BooleanField(
        _("cung cấp mạng xã hội, dịch vụ truyền thông trực tuyến"), default=False
    )
    # Law 91/2025 Art. 28.
    advertising = models.BooleanField(
        _("cung cấp dịch vụ quảng cáo hoặc quảng cáo theo hành vi"), default=False
    )
    # Law 91/2025 Art. 32.
    public_recording = models.BooleanField(_("ghi âm, ghi hình tại nơi công cộng"), default=False)
    # Law 91/2025 Art. 25.
    has_employees = models.BooleanField(_("tuyển dụng, sử dụng người lao động"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    FLAGS = (
        "big_data",
        "blockchain",
        "cloud_provider",
        "social_media",
        "advertising",
        "public_recording",
        "has_employees",
    )

    class Meta:
        verbose_name = _("hồ sơ chương trình tuân thủ")

    def __str__(self):
        return f"{self.organization_id}"


class ObligationState(models.Model):
    """One catalogue obligation for one organisation: whether it applies, its owner and status."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã thực hiện")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="obligations"
    )
    code = models.CharField(_("mã nghĩa vụ"), max_length=60)
    applies = models.BooleanField(_("đang áp dụng"), default=True)
    # The facts that made it apply (or stop): [{"message", "params"}], read in any language.
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status, default=Status.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người phụ trách"),
    )
    first_applied_at = models.DateTimeField(null=True, blank=True)
    applies_since = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # The running yearly clock (clock.Deadline) of a yearly obligation.
    deadline = models.ForeignKey(
        "clock.Deadline", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nghĩa vụ")
        verbose_name_plural = _("nghĩa vụ")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="one_state_per_obligation"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done"]),
                name="obligation_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.code} @ {self.organization_id}"

    def get_absolute_url(self):
        return reverse("programme:obligation", args=[self.organization_id, self.code])


# Status moves an obligation may make; DONE is guarded by the evidence check in the service.
TRANSITIONS = {
    ObligationState.Status.OPEN: {ObligationState.Status.IN_PROGRESS, ObligationState.Status.DONE},
    ObligationState.Status.IN_PROGRESS: {ObligationState.Status.OPEN, ObligationState.Status.DONE},
    ObligationState.Status.DONE: {ObligationState.Status.IN_PROGRESS, ObligationState.Status.OPEN},
}


def _upload_path(instance, filename: str) -> str:
    # Random stored names: the uploader's file name is kept in the row, never on disk.
    return f"programme/{instance.organization_id}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """The fields every uploaded document of the programme keeps (checked by pdp_portal.uploads)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=_upload_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Evidence(StoredFile):
    """A document that proves an obligation is met."""

    obligation = models.ForeignKey(
        ObligationState, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại bằng chứng"), max_length=12, choices=EvidenceKind)
    description = models.CharField(_("mô tả"), max_length=300)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"
            ),
        ]

    def __str__(self):
        return self.description


class ObligationNote(models.Model):
    obligation = models.ForeignKey(ObligationState, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("ghi chú"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.obligation_id}: {self.body[:40]}"


# --- AI and automated systems (Decree 356 Art. 10; Law 91/2025 Art. 30) --------------------------


class HighRiskEntry(models.Model):
    """An entry of the list of high-risk AI systems the DPO keeps until the Government's is out."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="ai_high_risk_list"
    )
    name = models.CharField(_("loại hệ thống rủi ro cao"), max_length=300)
    source = models.CharField(
        _("nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Danh mục do DPO lập trong khi chờ Chính phủ ban hành danh mục chính thức."),
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class AISystem(models.Model):
    """An AI or automated system that processes personal data."""

    class Risk(models.TextChoices):
        # Law 91/2025 Art. 30(4): classified by risk level.
        LOW = "low", _("Rủi ro thấp")
        MEDIUM = "medium", _("Rủi ro trung bình")
        HIGH = "high", _("Rủi ro cao")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="ai_systems"
    )
    name = models.CharField(_("tên hệ thống"), max_length=300)
    purpose = models.TextField(_("chức năng, mục đích"))
    activities = models.ManyToManyField(
        "dossiers.ProcessingActivity",
        blank=True,
        related_name="ai_systems",
        verbose_name=_("hoạt động xử lý sử dụng"),
    )
    # Decree 356 Art. 10(2): inferences that identify or help identify a person.
    identifies_people = models.BooleanField(
        _("kết quả suy luận xác định được cá nhân"), default=False
    )
    # Decree 356 Art. 10(3): operating principles and effects, in plain words, for data subjects.
    explanation_vi = models.TextField(_("giải thích nguyên lý hoạt động và tác động (tiếng Việt)"))
    explanation_en = models.TextField(
        _("giải thích nguyên lý hoạt động và tác động (tiếng Anh)"), blank=True
    )
    # Decree 356 Art. 10(5)(b).
    supervision = models.TextField(_("cơ chế giám sát"), blank=True)
    risk_class = models.CharField(_("mức độ rủi ro"), max_length=10, choices=Risk, default=Risk.LOW)
    high_risk_entry = models.ForeignKey(
        HighRiskEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="systems",
        verbose_name=_("thuộc danh mục hệ thống rủi ro cao"),
    )
    assessed_on = models.DateField(_("ngày đánh giá gần nhất"), null=True, blank=True)
    active = models.BooleanField(_("đang vận hành"), default=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hệ thống trí tuệ nhân tạo, xử lý tự động")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_class__in=["low", "medium", "high"]), name="ai_risk_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def high_risk(self) -> bool:
        return self.high_risk_entry_id is not None


# What a person writes of a system, on the page and through the API, in the order shown.
AI_SYSTEM_FIELDS = [
    "name",
    "purpose",
    "activities",
    "identifies_people",
    "explanation_vi",
    "explanation_en",
    "supervision",
    "risk_class",
    "high_risk_entry",
    "assessed_on",
    "active",
]


# --- contracts with processors and cloud providers (Decree 356 Art. 12(2), 9(2)(dd)) ------------

# The clauses a contract is checked for, each with its article and clause.
CONTRACT_CLAUSES = [
    ("12.2.a", _("Nghị định 356/2025 Điều 12 khoản 2 điểm a"), _("Tuân thủ pháp luật Việt Nam; thông tin bộ phận, nhân sự bảo vệ dữ liệu")),
    ("12.2.b", _("Nghị định 356/2025 Điều 12 khoản 2 điểm b"), _("Luồng xử lý dữ liệu, vai trò và trách nhiệm các bên")),
    ("12.2.c", _("Nghị định 356/2025 Điều 12 khoản 2 điểm c"), _("Biện pháp an ninh, kỹ thuật, tổ chức cụ thể")),
    ("12.2.d", _("Nghị định 356/2025 Điều 12 khoản 2 điểm d"), _("Thông báo kịp thời thay đổi ảnh hưởng đến dữ liệu")),
    ("12.2.dd", _("Nghị định 356/2025 Điều 12 khoản 2 điểm đ"), _("Thời hạn xử lý; xóa, hủy dữ liệu")),
    ("12.2.e", _("Nghị định 356/2025 Điều 12 khoản 2 điểm e"), _("Bảo đảm thực hiện quyền của chủ thể dữ liệu")),
    ("12.2.g", _("Nghị định 356/2025 Điều 12 khoản 2 điểm g"), _("Phân quyền truy cập dữ liệu phù hợp")),
    ("9.2.dd", _("Nghị định 356/2025 Điều 9 khoản 2 điểm đ"), _("Cam kết tuân thủ đầy đủ quy định bảo vệ dữ liệu cá nhân")),
]  # fmt: skip


class Contract(StoredFile):
    """A contract with a processor, a cloud provider or a protection service provider."""

    class Kind(models.TextChoices):
        PROCESSOR = "processor", _("Bên xử lý dữ liệu cá nhân")
        CLOUD = "cloud", _("Nhà cung cấp dịch vụ điện toán đám mây")
        # Decree 356 Art. 15-16.
        PROTECTION = "protection", _("Tổ chức, cá nhân cung cấp dịch vụ bảo vệ dữ liệu cá nhân")

    kind = models.CharField(_("loại"), max_length=12, choices=Kind)
    party = models.CharField(_("bên ký hợp đồng"), max_length=300)
    reference = models.CharField(_("số, ngày hợp đồng"), max_length=200, blank=True)
    recipient = models.ForeignKey(
        "dossiers.Recipient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_contracts",
        verbose_name=_("bên liên quan trong sổ đăng ký"),
    )
    # {"12.2.a": "5", ...}: each ticked clause with the page where it stands.
    clauses = models.JSONField(default=dict, blank=True)
    renewal_on = models.DateField(_("ngày gia hạn"), null=True, blank=True)

    class Meta:
        ordering = ["party", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["processor", "cloud", "protection"]),
                name="contract_kind_valid",
            ),
        ]

    def __str__(self):
        return self.party

    def clause_rows(self) -> list[tuple]:
        """Return (basis, label, page) of each ticked clause, in the order of the Decree."""
        return [
            (basis, label, self.clauses[code])
            for code, basis, label in CONTRACT_CLAUSES
            if self.clauses.get(code)
        ]


# --- the organisation's own protection staff (Decree 356 Art. 13-14) ----------------------------


class Designation(StoredFile):
    """The written decision designating the protection staff or department (Art. 13(1))."""

    decided_on = models.DateField(_("ngày quyết định"))
    reference = models.CharField(_("số quyết định"), max_length=100)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return self.reference


class ProtectionPerson(StoredFile, QualifiedPerson):
    """A person designated for personal data protection (Art. 13(2)); the file is the
    confidentiality agreement of Art. 13(5). Checked by the same Art. 13(2) check as the staff of
    a certificate application (pdp_portal.organizations.qualifications)."""

    active = models.BooleanField(_("đang được chỉ định"), default=True)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(degree_level__in=DegreeLevel.values),
                name="programme_person_degree_valid",
            ),
            models.CheckConstraint(
                condition=Q(experience_field__in=ExperienceField.values),
                name="programme_person_field_valid",
            ),
        ]

    def __str__(self):
        return self.full_name


class TrainingSession(StoredFile):
    """A training session (Art. 9(2)(d), 13(6), 14(1)(dd)); the file is its material."""

    held_on = models.DateField(_("ngày đào tạo"))
    title = models.CharField(_("nội dung"), max_length=300)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("người tham dự")
    )

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title
