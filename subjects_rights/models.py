"""Data-subject rights requests (Law 91/2025 Art. 4; Decree 356/2025 Art. 5)."""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdp_portal.messages import render_message

# Portal policy, not statutory periods (the statutory ones live in pdp_portal.clock.rules):
# an unconfirmed request and its data are deleted after this many days, and a tracking link keeps
# working this many days after the request is closed.
UNVERIFIED_TTL_DAYS = getattr(settings, "RIGHTS_UNVERIFIED_TTL_DAYS", 7)
TRACKING_DAYS_AFTER_CLOSE = getattr(settings, "RIGHTS_TRACKING_DAYS_AFTER_CLOSE", 180)


class RequestType(models.TextChoices):
    # Law 91/2025 Art. 4(1)(b)-(e), Decree 356/2025 Art. 5(2)-(5).
    WITHDRAW_CONSENT = "withdraw_consent", _("Rút lại sự đồng ý")
    RESTRICT = "restrict", _("Hạn chế xử lý dữ liệu")
    OBJECT = "object", _("Phản đối xử lý dữ liệu")
    ACCESS = "access", _("Xem dữ liệu")
    RECTIFY = "rectify", _("Chỉnh sửa dữ liệu")
    COPY = "copy", _("Cung cấp bản sao dữ liệu")
    ERASE = "erase", _("Xóa dữ liệu")
    PROTECT = "protect", _("Áp dụng biện pháp bảo vệ dữ liệu")
    # Law 91/2025 Art. 4(1)(a): to be informed about the processing of one's data.
    INFORM = "inform", _("Được biết về hoạt động xử lý dữ liệu")
    # Law 91/2025 Art. 4(1)(đ): to complain to the organisation (complaints to the agency,
    # denunciations and lawsuits follow their own laws).
    COMPLAIN = "complain", _("Khiếu nại về việc xử lý dữ liệu")


# What each type means, in plain words, shown on the public form.
TYPE_HELP = {
    RequestType.WITHDRAW_CONSENT: _(
        "Bạn đã từng đồng ý cho tổ chức dùng dữ liệu của mình (ví dụ nhận quảng cáo) và nay không "
        "đồng ý nữa."
    ),
    RequestType.RESTRICT: _(
        "Bạn muốn tổ chức tạm dừng hoặc chỉ dùng dữ liệu của bạn trong phạm vi hẹp hơn."
    ),
    RequestType.OBJECT: _("Bạn phản đối một việc tổ chức đang làm với dữ liệu của bạn."),
    RequestType.ACCESS: _("Bạn muốn biết tổ chức đang giữ những dữ liệu gì về bạn."),
    RequestType.RECTIFY: _("Dữ liệu tổ chức giữ về bạn bị sai hoặc đã cũ và cần sửa."),
    RequestType.COPY: _("Bạn muốn nhận một bản sao dữ liệu của mình."),
    RequestType.ERASE: _("Bạn muốn tổ chức xóa dữ liệu của bạn."),
    RequestType.PROTECT: _(
        "Bạn lo dữ liệu của mình bị lộ hoặc bị dùng sai và muốn tổ chức có biện pháp bảo vệ."
    ),
    RequestType.INFORM: _(
        "Bạn muốn biết tổ chức dùng dữ liệu của bạn vào việc gì, lấy từ đâu, chia sẻ cho ai và giữ "
        "trong bao lâu."
    ),
    RequestType.COMPLAIN: _(
        "Bạn không đồng ý với cách tổ chức đã xử lý dữ liệu hoặc yêu cầu của bạn và muốn tổ chức "
        "xem xét lại."
    ),
}


class Group(models.TextChoices):
    # Decree 356/2025 Art. 5: each clause sets the periods of one group of request types.
    CEASE = "cease", _("Ngừng xử lý (Nghị định 356/2025 Điều 5 khoản 2)")
    ACCESS = "access", _("Xem, chỉnh sửa, cung cấp (Nghị định 356/2025 Điều 5 khoản 3)")
    ERASE = "erase", _("Xóa (Nghị định 356/2025 Điều 5 khoản 4)")
    PROTECT = "protect", _("Biện pháp bảo vệ (Nghị định 356/2025 Điều 5 khoản 5)")
    INFORM = "inform", _("Được biết (Luật 91/2025 Điều 4 khoản 1 điểm a)")
    COMPLAIN = "complain", _("Khiếu nại (Luật 91/2025 Điều 4 khoản 1 điểm đ)")


GROUP_OF_TYPE = {
    RequestType.WITHDRAW_CONSENT: Group.CEASE,
    RequestType.RESTRICT: Group.CEASE,
    RequestType.OBJECT: Group.CEASE,
    RequestType.ACCESS: Group.ACCESS,
    RequestType.RECTIFY: Group.ACCESS,
    RequestType.COPY: Group.ACCESS,
    RequestType.ERASE: Group.ERASE,
    RequestType.PROTECT: Group.PROTECT,
    RequestType.INFORM: Group.INFORM,
    RequestType.COMPLAIN: Group.COMPLAIN,
}

# Rule codes of pdp_portal.clock.rules: every request is answered under RESPOND_RULE (or its
# group's response rule), and carried out under its group's fulfil rule; an action of a processor
# or third party has its own clock (Decree 5(5) sets none for protection measures). Law Art.
# 4(1)(a) and (đ) have no fulfilment period in the law: no fulfil rule, no extension.
RESPOND_RULE = "rights.respond"
OTHER_RESPOND_RULE = "rights.other.respond"
RESPOND_RULE_OF_GROUP = {Group.INFORM: OTHER_RESPOND_RULE, Group.COMPLAIN: OTHER_RESPOND_RULE}
RESPOND_RULES = (RESPOND_RULE, OTHER_RESPOND_RULE)
FULFIL_RULE = {
    Group.CEASE: "rights.cease.fulfil",
    Group.ACCESS: "rights.access.fulfil",
    Group.ERASE: "rights.erase.fulfil",
    Group.PROTECT: "rights.protect.fulfil",
}
THIRD_PARTY_RULE = {
    Group.CEASE: "rights.cease.third_party",
    Group.ACCESS: "rights.access.third_party",
    Group.ERASE: "rights.erase.third_party",
}


class Status(models.TextChoices):
    UNVERIFIED = "unverified", _("Chờ xác nhận thư điện tử")
    RECEIVED = "received", _("Đã tiếp nhận")
    RESPONDED = "responded", _("Đã phản hồi")
    FULFILLED = "fulfilled", _("Đã thực hiện")
    REFUSED = "refused", pgettext_lazy("status", "Từ chối")
    WITHDRAWN = "withdrawn", _("Đã rút yêu cầu")


# The status moves a request may make; every service checks this table and nothing else.
TRANSITIONS: dict[str, set[str]] = {
    Status.UNVERIFIED: {Status.RECEIVED},
    Status.RECEIVED: {Status.RESPONDED, Status.FULFILLED, Status.REFUSED, Status.WITHDRAWN},
    Status.RESPONDED: {Status.FULFILLED, Status.REFUSED, Status.WITHDRAWN},
    Status.FULFILLED: set(),
    Status.REFUSED: set(),
    Status.WITHDRAWN: set(),
}
# Statuses in which the organisation is working on the request (its clocks run).
OPEN_STATUSES = (Status.RECEIVED, Status.RESPONDED)
CLOSED_STATUSES = (Status.FULFILLED, Status.REFUSED, Status.WITHDRAWN)


class Relationship(models.TextChoices):
    CUSTOMER = "customer", _("Khách hàng")
    USER = "user", _("Người dùng dịch vụ, ứng dụng, trang web")
    EMPLOYEE = "employee", _("Người lao động")
    FORMER_EMPLOYEE = "former_employee", _("Người lao động đã nghỉ việc")
    APPLICANT = "applicant", _("Người dự tuyển")
    PARTNER = "partner", _("Đối tác, nhà cung cấp")
    OTHER = "other", _("Khác")


class Channel(models.TextChoices):
    WEB = "web", _("Biểu mẫu trực tuyến")
    APP = "app", _("Ứng dụng của tổ chức (API)")
    EMAIL = "email", _("Thư điện tử")
    POST = "post", _("Bưu chính")
    PHONE = "phone", _("Điện thoại")
    COUNTER = "counter", _("Trực tiếp tại quầy")


# Requests staff enter by hand, with the time they were really received.
STAFF_CHANNELS = (Channel.EMAIL, Channel.POST, Channel.PHONE, Channel.COUNTER)


class RefusalGround(models.TextChoices):
    # Decree 356/2025 Art. 5(2): withdrawal, restriction and objection need not be carried out
    # where processing needs no consent under Law 91/2025 Art. 19.
    NO_CONSENT_NEEDED = (
        "law_19",
        _(
            "Xử lý dữ liệu không cần sự đồng ý (Luật 91/2025 Điều 19; Nghị định 356/2025 Điều 5 khoản 2)"
        ),
    )
    # Law 91/2025 Art. 4(3)(a): rights are exercised by the data subject for their own interests.
    NOT_DATA_SUBJECT = (
        "not_subject",
        _(
            "Không xác định được người yêu cầu là chủ thể dữ liệu (Luật 91/2025 Điều 4 khoản 3 điểm a)"
        ),
    )
    # Law 91/2025 Art. 4(3)(b)-(c): no hindering the controller, no harm to others' rights.
    INFRINGES_OTHERS = (
        "infringes",
        _(
            "Yêu cầu xâm phạm quyền, lợi ích hợp pháp của người khác hoặc gây cản trở "
            "(Luật 91/2025 Điều 4 khoản 3 điểm b, c)"
        ),
    )
    NO_DATA = "no_data", _("Tổ chức không xử lý dữ liệu cá nhân của người yêu cầu")
    OTHER_LAW = "other_law", _("Trường hợp khác theo quy định của pháp luật")


# Grounds that only exist for one group (Decree 5(2) is about the cease group).
GROUND_ONLY_FOR = {RefusalGround.NO_CONSENT_NEEDED: Group.CEASE}


# No 0/O, 1/I/L: references are read out over the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """Return a random reference such as YC-7K3M-9QXP (it says nothing about volumes)."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"YC-{chars[:4]}-{chars[4:]}"


class RightsRequest(models.Model):
    """One request of a data subject to exercise a right of Law 91/2025 Art. 4(1)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="rights_requests"
    )
    reference = models.CharField(_("mã yêu cầu"), max_length=20, unique=True)
    request_type = models.CharField(_("loại yêu cầu"), max_length=20, choices=RequestType)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status, default=Status.UNVERIFIED
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    relationship = models.CharField(
        _("quan hệ với tổ chức"), max_length=20, choices=Relationship, default=Relationship.OTHER
    )
    description = models.TextField(_("nội dung yêu cầu"))
    # The language the data subject used: every message to them is written in it.
    language = models.CharField(max_length=8, default="vi")
    # The public form's hidden key: a double submit finds the first request instead of a second.
    idempotency_key = models.CharField(max_length=64, blank=True)
    confirm_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    tracking_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn xác nhận"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    responded_at = models.DateTimeField(_("phản hồi lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_rights_requests",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filed_rights_requests",
    )
    intake_key = models.ForeignKey(
        "IntakeKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The soonest due instant of the request's open clocks, copied from the clock service after
    # every change (the inbox sorts and filters on it without touching the deadlines table).
    due_at = models.DateTimeField(_("hạn gần nhất"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    outcome_note = models.TextField(_("kết quả thực hiện"), blank=True)
    refusal_ground = models.CharField(
        _("căn cứ từ chối"), max_length=20, choices=RefusalGround, blank=True
    )
    refusal_detail = models.TextField(_("lý do từ chối"), blank=True)

    deadlines = GenericRelation("clock.Deadline", object_id_field="object_id")

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(request_type__in=RequestType.values), name="rights_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="rights_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="rights_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values), name="rights_relationship_valid"
            ),
            models.CheckConstraint(
                condition=Q(refusal_ground="") | Q(refusal_ground__in=RefusalGround.values),
                name="rights_refusal_ground_valid",
            ),
            # A request past the form has a real received time: the clocks count from it.
            models.CheckConstraint(
                condition=Q(status=Status.UNVERIFIED) | Q(received_at__isnull=False),
                name="rights_received_at_set",
            ),
            # Law 91/2025 Art. 4(5), Decree 5: a refusal always states its legal ground.
            models.CheckConstraint(
                condition=~Q(status=Status.REFUSED) | ~Q(refusal_ground=""),
                name="rights_refusal_has_ground",
            ),
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="rights_one_request_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="rights_org_status"),
            # The inbox: open requests, soonest due first.
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=["received", "responded"]),
                name="rights_open_due",
            ),
            # The expiry sweep only looks at unconfirmed requests.
            models.Index(
                fields=["expires_at"], condition=Q(status="unverified"), name="rights_unverified"
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("subjects_rights:detail", args=[self.pk])

    @property
    def group(self) -> str:
        return GROUP_OF_TYPE[self.request_type]

    @property
    def respond_rule(self) -> str:
        return RESPOND_RULE_OF_GROUP.get(self.group, RESPOND_RULE)

    @property
    def fulfil_rule(self) -> str | None:
        return FULFIL_RULE.get(self.group)

    @property
    def third_party_rule(self) -> str | None:
        return THIRD_PARTY_RULE.get(self.group)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def type_help(self) -> str:
        return str(TYPE_HELP[self.request_type])


class RequestEvent(models.Model):
    """One line of a request's timeline (the audit chain keeps the tamper-evident copy)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Gửi yêu cầu qua biểu mẫu")
        ENTERED = "entered", _("Nhập yêu cầu nhận qua kênh khác")
        FILED = "filed", _("Ứng dụng của tổ chức gửi yêu cầu")
        CONFIRMED = "confirmed", _("Xác nhận thư điện tử, tiếp nhận yêu cầu")
        ASSIGNED = "assigned", _("Phân công xử lý")
        RESPONDED = "responded", _("Phản hồi")
        EXTENDED = "extended", pgettext_lazy("event", "Gia hạn")
        THIRD_PARTY_ADDED = "tp_added", _("Yêu cầu bên xử lý, bên thứ ba")
        THIRD_PARTY_DONE = "tp_done", _("Bên xử lý, bên thứ ba đã thực hiện")
        MESSAGE = "message", _("Gửi thông báo")
        FULFILLED = "fulfilled", _("Thực hiện xong")
        REFUSED = "refused", pgettext_lazy("event", "Từ chối")
        WITHDRAWN = "withdrawn", _("Rút yêu cầu")

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "subject" when the data subject acted, "system" for the portal, else empty (see actor).
    actor_label = models.CharField(max_length=20, blank=True)
    # What a person typed (a reason, a name), kept verbatim.
    note = models.TextField(blank=True)
    # What the portal says about the event (e.g. the channel, the legal ground): the Vietnamese
    # source text and its parameters, read in the reader's language (pdp_portal.messages).
    message = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "submitted",
                        "entered",
                        "filed",
                        "confirmed",
                        "assigned",
                        "responded",
                        "extended",
                        "tp_added",
                        "tp_done",
                        "message",
                        "fulfilled",
                        "refused",
                        "withdrawn",
                    ]
                ),
                name="rights_event_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.request_id}:{self.kind}"

    @property
    def text(self) -> str:
        """Return the line's detail in the active language: the portal's message, or the note."""
        return render_message(self.message, self.params) if self.message else self.note


class Message(models.Model):
    """A message to the data subject: stored here and e-mailed through the outbox."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Xác nhận tiếp nhận")
        RESPONSE = "response", _("Phản hồi")
        EXTENSION = "extension", _("Thông báo gia hạn")
        INFORMATION = "information", _("Thông tin, đề nghị bổ sung")
        FULFILMENT = "fulfilment", _("Kết quả thực hiện")
        REFUSAL = "refusal", _("Thông báo từ chối")
        WITHDRAWAL = "withdrawal", _("Xác nhận rút yêu cầu")

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind)
    body = models.TextField(_("nội dung"))
    language = models.CharField(max_length=8, default="vi")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # False when the data subject gave no e-mail address (a request by post or phone): the
    # message is then sent by the channel the request came in.
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "receipt",
                        "response",
                        "extension",
                        "information",
                        "fulfilment",
                        "refusal",
                        "withdrawal",
                    ]
                ),
                name="rights_message_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.request_id}:{self.kind}"


def _attachment_path(instance, filename: str) -> str:
    # Random stored names: nothing of the uploader's file name reaches the disk.
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"rights/{instance.request.organization_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file of a request: sent by the data subject, or evidence kept by staff."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", _("Tài liệu của người yêu cầu")
        EVIDENCE = "evidence", _("Bằng chứng thực hiện")

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind)
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["subject", "evidence"]), name="rights_attachment_kind_valid"
            ),
        ]

    def __str__(self):
        return self.original_name


class ThirdPartyAction(models.Model):
    """A processor or third party that must act on the request, with its own clock (Decree 5(2)-(4))."""

    class PartyKind(models.TextChoices):
        PROCESSOR = "processor", _("Bên xử lý dữ liệu cá nhân")
        THIRD_PARTY = "third_party", _("Bên thứ ba")

    class ActionStatus(models.TextChoices):
        OPEN = "open", _("Đang chờ thực hiện")
        DONE = "done", _("Đã thực hiện")
        CANCELLED = "cancelled", _("Đã hủy")

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="third_party_actions"
    )
    party_kind = models.CharField(_("bên"), max_length=12, choices=PartyKind)
    party_name = models.CharField(_("tên bên xử lý / bên thứ ba"), max_length=300)
    description = models.TextField(_("việc cần làm"))
    status = models.CharField(max_length=10, choices=ActionStatus, default=ActionStatus.OPEN)
    deadline = models.ForeignKey(
        "clock.Deadline", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_kind__in=["processor", "third_party"]),
                name="rights_tp_party_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "done", "cancelled"]), name="rights_tp_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.party_name} ({self.get_status_display()})"


class IntakeKey(models.Model):
    """A secret an organisation's own app uses to file requests on a data subject's behalf.

    It can do nothing else: no reading, no actions (least privilege for a machine credential).
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="rights_intake_keys"
    )
    name = models.CharField(_("tên ứng dụng"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa tiếp nhận yêu cầu")
        verbose_name_plural = _("khóa tiếp nhận yêu cầu")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
