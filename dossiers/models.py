"""The processing register and the impact dossiers (Law 91/2025 Art. 20-22; Decree 356 Art. 17-20)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdp_portal.filings.models import (
    EnclosedFile,
    FiledObject,
    FrozenSubmission,
    ReviewEventBase,
    UploadedEnclosure,
)
from pdp_portal.messages import render_message
from pdp_portal.organizations.models import ProcessingRole
from pdp_portal.workflow import InvalidTransition  # noqa: F401 - the register's refusals

from .catalogue import (
    PROCESSING,
    TRANSFER,
    EnclosureCategory,
    TransferExemption,
    TransferKind,
    basic_label,
    sensitive_label,
)

# --- the register ------------------------------------------------------------------------------


class Recipient(models.Model):
    """A party that receives, processes or sends on the organisation's data (Form 10/09 Part B)."""

    class Role(models.TextChoices):
        # Form 10 Part B.I-III: controllers, processors, third parties; Form 09 Part B.I-III:
        # the party transferring on the sender's behalf, the recipient abroad, other parties.
        CONTROLLER = "controller", _("Bên kiểm soát dữ liệu cá nhân")
        PROCESSOR = "processor", _("Bên xử lý dữ liệu cá nhân")
        THIRD_PARTY = "third_party", _("Bên thứ ba")
        ON_BEHALF = (
            "on_behalf",
            _("Bên thay mặt bên chuyển thực hiện chuyển dữ liệu xuyên biên giới"),
        )

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="dossier_recipients"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role)
    name = models.CharField(_("tên tổ chức/cá nhân"), max_length=300)
    tax_code = models.CharField(_("mã số thuế"), max_length=30, blank=True)
    country = models.CharField(
        _("quốc gia"), max_length=100, blank=True, help_text=_("Để trống nếu ở Việt Nam.")
    )
    dpo_info = models.CharField(
        _("bộ phận / nhân sự bảo vệ dữ liệu cá nhân"), max_length=500, blank=True
    )
    contract_number = models.CharField(_("hợp đồng / thỏa thuận số"), max_length=100, blank=True)
    contract_date = models.DateField(_("ngày hợp đồng"), null=True, blank=True)
    service = models.CharField(_("dịch vụ hợp tác"), max_length=300, blank=True)
    note = models.CharField(_("ghi chú (lý do, nội dung giải thích)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bên liên quan")
        verbose_name_plural = _("bên liên quan")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["controller", "processor", "third_party", "on_behalf"]),
                name="dossier_recipient_role_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def abroad(self) -> bool:
        return bool(self.country.strip()) and self.country.strip().lower() not in (
            "việt nam",
            "viet nam",
            "vietnam",
            "vn",
        )


class DataTypes(models.Model):
    """The personal data an entry of the register concerns, as catalogue codes.

    Basic data (Decree 356 Art. 3) and sensitive data (Art. 4(1)), as Forms 09 and 10 list them.
    """

    basic_data_types = models.JSONField(_("dữ liệu cá nhân cơ bản"), default=list, blank=True)
    sensitive_data_types = models.JSONField(_("dữ liệu cá nhân nhạy cảm"), default=list, blank=True)

    class Meta:
        abstract = True

    def basic_labels(self) -> list[str]:
        return [basic_label(c) for c in self.basic_data_types]

    def sensitive_labels(self) -> list[str]:
        return [sensitive_label(c) for c in self.sensitive_data_types]


class ProcessingActivity(DataTypes):
    """One processing activity of the register: purpose, role, subjects, data, flows, policies."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="processing_activities"
    )
    name = models.CharField(_("tên hoạt động"), max_length=300)
    purpose = models.TextField(_("mục đích xử lý"))
    # Form 10 A.II.1: the role the organisation plays in this activity.
    role = models.CharField(_("vai trò của tổ chức"), max_length=30, choices=ProcessingRole)
    # [{"name": "Khách hàng", "count": 120000}, ...] as at the time of filing (Form 10 A.II.1).
    subject_categories = models.JSONField(_("đối tượng chủ thể dữ liệu"), default=list)
    data_flow = models.TextField(_("luồng dữ liệu, hệ thống xử lý"), blank=True)
    consent_method = models.TextField(_("cách thức xin sự đồng ý"), blank=True)
    retention = models.TextField(_("lưu trữ (thời hạn, nơi lưu)"), blank=True)
    deletion = models.TextField(_("xóa, hủy dữ liệu"), blank=True)
    recipients = models.ManyToManyField(
        Recipient, blank=True, related_name="activities", verbose_name=_("bên nhận, bên liên quan")
    )
    # Law 91/2025 Art. 21(1); Decree 356 Art. 19(4): dossier.file runs from the first processing.
    started_on = models.DateField(_("ngày bắt đầu xử lý"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hoạt động xử lý dữ liệu")
        verbose_name_plural = _("hoạt động xử lý dữ liệu")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=ProcessingRole.values), name="dossier_activity_role_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def subjects_text(self) -> str:
        return "; ".join(
            f"{c.get('name', '')}: {int(c.get('count') or 0):,}".replace(",", ".")
            for c in self.subject_categories
        )


class Transfer(models.Model):
    """A transfer of personal data abroad (Law 91/2025 Art. 20(1); Decree 356 Art. 17(1))."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="dossier_transfers"
    )
    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="transfers"
    )
    kind = models.CharField(_("hình thức chuyển"), max_length=20, choices=TransferKind)
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("bên nhận"),
        null=True,
        blank=True,
    )
    country = models.CharField(_("quốc gia nhận"), max_length=100)
    data_description = models.TextField(_("dữ liệu được chuyển"), blank=True)
    # Law 91/2025 Art. 20(2); Decree 356 Art. 18(4): dossier.file runs from the first transfer.
    first_transfer_on = models.DateField(_("ngày chuyển đầu tiên"), null=True, blank=True)
    exemption = models.CharField(
        _("trường hợp miễn đánh giá"),
        max_length=20,
        choices=TransferExemption,
        default=TransferExemption.NONE,
        blank=True,
    )
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chuyển dữ liệu xuyên biên giới")
        verbose_name_plural = _("chuyển dữ liệu xuyên biên giới")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TransferKind.values), name="dossier_transfer_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(exemption__in=TransferExemption.values),
                name="dossier_transfer_exemption_valid",
            ),
        ]

    def __str__(self):
        return f"{self.activity.name} → {self.country}"


class DomesticTransfer(DataTypes):
    """A transfer of personal data to a party in Vietnam (Law 91/2025 Art. 17; Decree 356 Art. 7).

    Kept beside the transfers abroad (``Transfer``) in the register, never mixed with them: the
    cross-border dossier (Form 09) counts only transfers abroad.
    """

    class Basis(models.TextChoices):
        # Law 91/2025 Art. 17(1), point by point.
        CONSENT = (
            "consent",
            _("Có sự đồng ý của chủ thể dữ liệu (Luật 91/2025 Điều 17 khoản 1 điểm a)"),
        )
        INTERNAL = (
            "internal",
            _(
                "Chia sẻ giữa các bộ phận trong cùng cơ quan, tổ chức (Luật 91/2025 Điều 17 khoản 1 điểm b)"
            ),
        )
        REORGANISATION = (
            "reorganisation",
            _("Chia, tách, sáp nhập, tổ chức lại (Luật 91/2025 Điều 17 khoản 1 điểm c)"),
        )
        PROCESSING = (
            "processing",
            _(
                "Chuyển cho bên xử lý, bên thứ ba để xử lý theo quy định (Luật 91/2025 Điều 17 khoản 1 điểm d)"
            ),
        )
        AUTHORITY = (
            "authority",
            _(
                "Theo yêu cầu của cơ quan nhà nước có thẩm quyền (Luật 91/2025 Điều 17 khoản 1 điểm đ)"
            ),
        )
        NO_CONSENT = "no_consent", _("Trường hợp xử lý không cần sự đồng ý (Luật 91/2025 Điều 17 khoản 1 điểm e, Điều 19 khoản 1)")  # fmt: skip

    # Decree 356 Art. 7(1): a transfer under Law Art. 17(1)(a), (c) or (d) needs a written
    # agreement with the recipient.
    AGREEMENT_BASES = (Basis.CONSENT, Basis.REORGANISATION, Basis.PROCESSING)

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="dossier_domestic_transfers",
    )
    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="domestic_transfers"
    )
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        related_name="domestic_transfers",
        verbose_name=_("bên nhận"),
    )
    # Decree 356 Art. 7(1)(a)-(d): purpose, data types, legal basis of the transfer.
    purpose = models.TextField(_("mục đích chuyển giao"))
    legal_basis = models.CharField(_("cơ sở pháp lý"), max_length=20, choices=Basis)
    transferred_on = models.DateField(_("ngày chuyển giao"), null=True, blank=True)
    agreement = models.CharField(
        _("thỏa thuận chuyển giao (số, ngày)"),
        max_length=200,
        blank=True,
        help_text=_("Nghị định 356/2025 Điều 7 khoản 1."),
    )
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chuyển giao dữ liệu trong nước")
        verbose_name_plural = _("chuyển giao dữ liệu trong nước")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    legal_basis__in=[
                        "consent",
                        "internal",
                        "reorganisation",
                        "processing",
                        "authority",
                        "no_consent",
                    ]
                ),
                name="dossier_domestic_basis_valid",
            ),
        ]

    def __str__(self):
        return f"{self.activity.name} → {self.recipient.name}"

    @property
    def needs_agreement(self) -> bool:
        return self.legal_basis in self.AGREEMENT_BASES


class RegisterChange(models.Model):
    """A change that makes a dossier update due (Law 91/2025 Art. 22; Decree 356 Art. 20(1)-(2))."""

    class Kind(models.TextChoices):
        # Decree 356 Art. 20(1): periodic update (6 months from the first filing).
        NEW_PURPOSE = "new_purpose", _("Phát sinh mục đích xử lý / chuyển dữ liệu mới")  # 20(1)(a)
        PARTIES = (
            "parties",
            _("Phát sinh hoặc thay đổi bên kiểm soát, bên xử lý, bên thứ ba"),
        )  # (b)
        # Decree 356 Art. 20(2): immediate update (10 days from the change).
        REORGANISATION = (
            "reorganisation",
            _("Tổ chức lại, chấm dứt hoạt động, giải thể, phá sản"),
        )  # 20(2)(a)
        PROVIDER = "provider", _("Thay đổi tổ chức, cá nhân cung cấp dịch vụ bảo vệ dữ liệu")  # (b)
        BUSINESS_LINES = (
            "business_lines",
            _("Phát sinh hoặc thay đổi ngành, nghề, dịch vụ kinh doanh liên quan"),
        )  # 20(2)(c)

    class Scope(models.TextChoices):
        PROCESSING = PROCESSING, _("Hồ sơ xử lý dữ liệu")
        TRANSFER = TRANSFER, _("Hồ sơ chuyển dữ liệu xuyên biên giới")
        BOTH = "both", _("Cả hai hồ sơ")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="register_changes"
    )
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind)
    scope = models.CharField(_("hồ sơ liên quan"), max_length=12, choices=Scope)
    occurred_at = models.DateTimeField(_("thời điểm thay đổi"))
    # What a person declared, verbatim; empty when the register wrote the change itself.
    description = models.TextField(_("nội dung thay đổi"), blank=True)
    # A change the register records on its own (a new purpose, a party added or gone) is a
    # message key and its parameters, read in the reader's language (pdp_portal.messages).
    message = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi cần cập nhật hồ sơ")
        verbose_name_plural = _("thay đổi cần cập nhật hồ sơ")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "new_purpose",
                        "parties",
                        "reorganisation",
                        "provider",
                        "business_lines",
                    ]
                ),
                name="register_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=[PROCESSING, TRANSFER, "both"]),
                name="register_change_scope_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d})"

    @property
    def text(self) -> str:
        """Return what changed, in the active language (a declared change as it was typed)."""
        return render_message(self.message, self.params) if self.message else self.description


PERIODIC_KINDS = (RegisterChange.Kind.NEW_PURPOSE, RegisterChange.Kind.PARTIES)
IMMEDIATE_KINDS = (
    RegisterChange.Kind.REORGANISATION,
    RegisterChange.Kind.PROVIDER,
    RegisterChange.Kind.BUSINESS_LINES,
)


# --- dossiers ----------------------------------------------------------------------------------


class Dossier(FiledObject):
    """An impact dossier: processing (Form 10 + 02a/02b) or cross-border transfer (Form 09 + 01a/01b)."""

    class Kind(models.TextChoices):
        PROCESSING = PROCESSING, _("Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân")
        TRANSFER = TRANSFER, _("Hồ sơ đánh giá tác động chuyển dữ liệu cá nhân xuyên biên giới")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
        UNDER_REVIEW = "under_review", _("Đang xem xét")
        ACCEPTED = "accepted", _("Đạt yêu cầu")
        COMPLETION_REQUESTED = "completion_requested", _("Yêu cầu hoàn thiện hồ sơ")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="dossiers"
    )
    kind = models.CharField(_("loại hồ sơ"), max_length=12, choices=Kind)
    reference = models.CharField(_("số hiệu"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status, default=Status.DRAFT)
    # The parts the DPO writes (dossiers.catalogue.SECTIONS); the rest comes from the register.
    answers = models.JSONField(default=dict, blank=True)
    # One reviewer of the agency at a time (see regulator_views: responsibility, not visibility).
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_dossiers",
        verbose_name=_("cán bộ xem xét"),
    )
    first_submitted_at = models.DateTimeField(_("nộp lần đầu"), null=True, blank=True)
    last_filed_at = models.DateTimeField(_("nộp gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ đánh giá tác động")
        verbose_name_plural = _("hồ sơ đánh giá tác động")
        ordering = ["organization__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[PROCESSING, TRANSFER]), name="dossier_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "under_review",
                        "accepted",
                        "completion_requested",
                    ]
                ),
                name="dossier_status_valid",
            ),
            # Law 91/2025 Art. 20(3), 21(2): one assessment for the organisation's whole life,
            # then updated (Art. 22): one dossier of each kind per organisation.
            models.UniqueConstraint(fields=["organization", "kind"], name="one_dossier_per_kind"),
            # Never a draft in the regulator's inbox: past the draft only once submitted.
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False),
                name="dossier_review_needs_submission",
            ),
        ]
        indexes = [
            models.Index(
                fields=["last_filed_at"],
                condition=Q(first_submitted_at__isnull=False),
                name="dossier_filed",
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.organization})"

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def is_transfer(self) -> bool:
        return self.kind == TRANSFER


# The moves a dossier may make (Decree 356 Art. 18(5)-(6), 19(5)-(6), 20).
TRANSITIONS: dict[str, set[str]] = {
    Dossier.Status.DRAFT: {Dossier.Status.SUBMITTED},
    Dossier.Status.SUBMITTED: {
        Dossier.Status.UNDER_REVIEW,
        Dossier.Status.ACCEPTED,
        Dossier.Status.COMPLETION_REQUESTED,
    },
    Dossier.Status.UNDER_REVIEW: {Dossier.Status.ACCEPTED, Dossier.Status.COMPLETION_REQUESTED},
    # Art. 18(6), 19(6): the organisation answers a completion request with a new version.
    Dossier.Status.COMPLETION_REQUESTED: {Dossier.Status.SUBMITTED},
    # Art. 20: an accepted dossier is kept up to date with update versions (Form 03a/03b).
    Dossier.Status.ACCEPTED: {Dossier.Status.SUBMITTED},
}

AWAITING_AGENCY = (Dossier.Status.SUBMITTED, Dossier.Status.UNDER_REVIEW)


def _enclosure_path(instance, filename: str) -> str:
    # Random stored names: the uploader's file name is kept in the row, never on disk.
    return f"dossiers/{instance.dossier.organization_id}/{uuid.uuid4().hex}"


class DossierEnclosure(UploadedEnclosure):
    """A document attached to the working dossier (Decree 356 Art. 18(2)(b)-(c), 19(2)(b)-(c))."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="enclosures")
    category = models.CharField(_("loại tài liệu"), max_length=12, choices=EnclosureCategory)
    file = models.FileField(upload_to=_enclosure_path)
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("tên tài liệu"), max_length=300)

    class Meta:
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=EnclosureCategory.values),
                name="dossier_enclosure_category_valid",
            ),
        ]

    def __str__(self):
        return self.description or self.original_name


class ReviewEvent(ReviewEventBase):
    """What the agency did with a dossier: assigned a reviewer, accepted, asked for completion."""

    class Kind(models.TextChoices):
        ASSIGN = "assign", _("Phân công cán bộ xem xét")
        ACCEPT = "accept", _("Hồ sơ đạt yêu cầu")
        REQUEST_COMPLETION = "request_completion", _("Yêu cầu hoàn thiện hồ sơ")

    filed_field = "dossier"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="review_events")
    version = models.ForeignKey(
        "DossierVersion", null=True, on_delete=models.PROTECT, related_name="review_events"
    )
    kind = models.CharField(_("hành động"), max_length=20, choices=Kind)
    reasons = models.TextField(_("nội dung, lý do"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ReviewEventBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["assign", "accept", "request_completion"]),
                name="dossier_review_event_kind_valid",
            ),
        ]


class DossierVersion(FrozenSubmission):
    """One submission, frozen: content, PDFs and enclosure hashes; a database trigger refuses change.

    Its time, sender and content (``snapshot``) come from the filings core.
    """

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Nộp lần đầu")
        COMPLETION = "completion", _("Hoàn thiện theo yêu cầu")
        UPDATE = "update", _("Cập nhật hồ sơ (Mẫu 03a/03b)")

    filed_field = "dossier"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind)
    # PROTECT: a frozen row cannot take the SET NULL a deleted user would cause.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("số văn bản"), max_length=60)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    answers_request = models.ForeignKey(
        ReviewEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    change_summary = models.TextField(_("nội dung thay đổi"), blank=True)
    change_reason = models.TextField(_("lý do thay đổi"), blank=True)
    content_sha256 = models.CharField(max_length=64)
    notice_pdf = models.BinaryField()
    notice_sha256 = models.CharField(max_length=64)
    report_pdf = models.BinaryField()
    report_sha256 = models.CharField(max_length=64)
    update_pdf = models.BinaryField(null=True, blank=True)
    update_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("phiên bản hồ sơ đã nộp")
        verbose_name_plural = _("phiên bản hồ sơ đã nộp")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="dossier_version_number"),
            models.CheckConstraint(
                condition=Q(kind__in=["initial", "completion", "update"]),
                name="dossier_version_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(kind="initial"), name="one_initial_version"
            ),
        ]

    def __str__(self):
        return f"{self.dossier.reference} v{self.number}"

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.dossier_id])


def _version_enclosure_path(instance, filename: str) -> str:
    return f"dossiers/{instance.version.dossier.organization_id}/{uuid.uuid4().hex}"


class VersionEnclosure(EnclosedFile):
    """An enclosure as it was submitted with a version, with its SHA-256; frozen like the version."""

    version = models.ForeignKey(DossierVersion, on_delete=models.PROTECT, related_name="enclosures")
    category = models.CharField(max_length=12, choices=EnclosureCategory)
    # The same stored file as the working enclosure; the hash proves it is still what was sent.
    file = models.FileField(upload_to=_version_enclosure_path)
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["category", "pk"]

    def __str__(self):
        return self.description or self.original_name
