"""Organisations that process personal data, their protection contacts and their members."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class SizeClass(models.TextChoices):
    # Law 91/2025 Art. 38(2)-(3); Decree 356 Art. 41: relief depends on the enterprise's size.
    HOUSEHOLD = "household", _("Hộ kinh doanh")
    MICRO = "micro", _("Doanh nghiệp siêu nhỏ")
    SMALL = "small", _("Doanh nghiệp nhỏ")
    STARTUP = "startup", _("Doanh nghiệp khởi nghiệp sáng tạo")
    MEDIUM = "medium", _("Doanh nghiệp vừa")
    LARGE = "large", _("Doanh nghiệp lớn")
    OTHER = "other", _("Cơ quan, tổ chức khác")


class ProcessingRole(models.TextChoices):
    # Law 91/2025 Art. 2: the roles an organisation can play in processing.
    CONTROLLER = "controller", _("Bên kiểm soát dữ liệu cá nhân")
    CONTROLLER_PROCESSOR = "controller_processor", _("Bên kiểm soát và xử lý dữ liệu cá nhân")
    PROCESSOR = "processor", _("Bên xử lý dữ liệu cá nhân")
    THIRD_PARTY = "third_party", _("Bên thứ ba")


class Sector(models.TextChoices):
    # Decree 356 Art. 8: sector rules (finance, banking and credit; health; education; ...).
    FINANCE = "finance", _("Tài chính, ngân hàng, tín dụng")
    HEALTH = "health", _("Y tế")
    EDUCATION = "education", _("Giáo dục")
    TELECOM = "telecom", _("Viễn thông, nền tảng số")
    INSURANCE = "insurance", _("Bảo hiểm")
    ADVERTISING = "advertising", _("Quảng cáo, tiếp thị")
    EMPLOYMENT = "employment", _("Tuyển dụng, lao động")
    OTHER = "other", _("Lĩnh vực khác")


class CalendarChoice(models.TextChoices):
    # The named calendars of the clock (DESIGN section 2).
    STATUTORY = "statutory", _("Lịch nghỉ theo Bộ luật Lao động")
    PUBLIC_SECTOR = "public_sector", _("Lịch nghỉ của cơ quan nhà nước")


tax_code_validator = RegexValidator(
    r"^\d{10}(-\d{3})?$",
    _("Mã số thuế gồm 10 chữ số, có thể kèm mã chi nhánh 3 chữ số (0101234567-001)."),
)
slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang.")
)


class Organization(models.Model):
    """An agency, organisation or enterprise that processes personal data (the tenant)."""

    name = models.CharField(_("tên tiếng Việt"), max_length=300)
    name_foreign = models.CharField(_("tên bằng tiếng nước ngoài"), max_length=300, blank=True)
    abbreviation = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    tax_code = models.CharField(
        _("mã số thuế / mã số doanh nghiệp"),
        max_length=14,
        unique=True,
        validators=[tax_code_validator],
    )
    registration_document = models.CharField(
        _("giấy chứng nhận đăng ký / quyết định thành lập"),
        max_length=300,
        blank=True,
        help_text=_("Số, ngày cấp, cơ quan cấp."),
    )
    head_office = models.CharField(_("địa chỉ trụ sở chính"), max_length=500)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin điện tử"), blank=True)
    business_lines = models.JSONField(
        _("ngành, nghề kinh doanh (mã ngành)"), default=list, blank=True
    )
    sectors = models.JSONField(_("lĩnh vực"), default=list, blank=True)
    size_class = models.CharField(
        _("quy mô"), max_length=20, choices=SizeClass, default=SizeClass.OTHER
    )
    is_state_agency = models.BooleanField(
        _("cơ quan nhà nước có thẩm quyền"),
        default=False,
        help_text=_("Luật 91/2025 Điều 20(6)(a), 21(6): không phải lập hồ sơ đánh giá tác động."),
    )
    provides_processing_services = models.BooleanField(
        _("cung cấp dịch vụ xử lý dữ liệu cá nhân"), default=False
    )
    processes_sensitive_data = models.BooleanField(
        _("trực tiếp xử lý dữ liệu cá nhân nhạy cảm"), default=False
    )
    data_subject_count = models.PositiveIntegerField(
        _("tổng số chủ thể dữ liệu đã xử lý (lũy kế)"), default=0
    )
    roles = models.JSONField(_("vai trò trong xử lý dữ liệu"), default=list, blank=True)
    foreign_owned = models.BooleanField(
        _("có vốn đầu tư nước ngoài"),
        default=False,
        help_text=_("Các biểu mẫu có thêm bản tiếng Anh."),
    )
    calendar = models.CharField(
        _("lịch tính thời hạn"),
        max_length=20,
        choices=CalendarChoice,
        default=CalendarChoice.STATUTORY,
    )
    slug = models.SlugField(
        _("địa chỉ biểu mẫu công khai"), max_length=60, unique=True, validators=[slug_validator]
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]
        permissions = [
            ("view_organization_data", _("Xem dữ liệu của tổ chức")),
            ("change_organization_data", _("Xử lý hồ sơ của tổ chức")),
            ("manage_organization", _("Quản trị tổ chức và thành viên")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(size_class__in=SizeClass.values), name="organization_size_class_valid"
            ),
            models.CheckConstraint(
                condition=Q(calendar__in=CalendarChoice.values), name="organization_calendar_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organizations:detail", args=[self.pk])

    def get_roles_display(self) -> list[str]:
        labels = dict(ProcessingRole.choices)
        return [str(labels.get(r, r)) for r in self.roles]

    def get_sectors_display(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(s, s)) for s in self.sectors]


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    # Direct foreign-key permission model (django-guardian "performance tuning").
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)


class ProtectionContact(models.Model):
    """The personal data protection unit, staff member or service provider (Decree 356 Art. 13-16)."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("Bộ phận bảo vệ dữ liệu cá nhân")
        STAFF = "staff", _("Nhân sự bảo vệ dữ liệu cá nhân")
        PROVIDER = "provider", _("Tổ chức, cá nhân cung cấp dịch vụ bảo vệ dữ liệu cá nhân")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="protection_contacts"
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind)
    name = models.CharField(_("họ và tên / tên tổ chức"), max_length=300)
    position = models.CharField(_("chức danh"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"))
    phone = models.CharField(_("điện thoại"), max_length=30)
    address = models.CharField(_("địa chỉ liên hệ"), max_length=500, blank=True)
    provider_tax_code = models.CharField(
        _("mã số thuế của bên cung cấp dịch vụ"),
        max_length=14,
        blank=True,
        validators=[tax_code_validator],
    )
    contract_reference = models.CharField(
        _("hợp đồng dịch vụ (số, ngày)"), max_length=200, blank=True
    )
    designation_document = models.CharField(
        _("văn bản phân công / chỉ định"), max_length=200, blank=True
    )
    is_primary = models.BooleanField(_("đầu mối chính"), default=False)

    class Meta:
        verbose_name = _("đầu mối bảo vệ dữ liệu cá nhân")
        verbose_name_plural = _("đầu mối bảo vệ dữ liệu cá nhân")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["unit", "staff", "provider"]), name="contact_kind_valid"
            ),
            # One primary contact per organisation: the one every form names.
            models.UniqueConstraint(
                fields=["organization"], condition=Q(is_primary=True), name="one_primary_contact"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class Membership(models.Model):
    """A user's role in an organisation; object permissions are granted from it by a service."""

    class Role(models.TextChoices):
        DPO = "dpo", _("Phụ trách bảo vệ dữ liệu (DPO)")
        STAFF = "staff", _("Nhân viên")
        VIEWER = "viewer", _("Chỉ xem")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org"),
            models.CheckConstraint(
                condition=Q(role__in=["dpo", "staff", "viewer"]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"


class RegulatorProfile(models.Model):
    """A reviewer of the specialized agency for personal data protection (Ministry of Public Security)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regulator_profile"
    )
    unit = models.CharField(
        _("đơn vị"),
        max_length=300,
        default="Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cán bộ cơ quan chuyên trách")
        verbose_name_plural = _("cán bộ cơ quan chuyên trách")

    def __str__(self):
        return str(self.user)
