"""The statutory clock: calendar adjustments, known years, deadlines and their reminder ledger."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pdp_portal.messages import render_message, render_reasons


class Calendar(models.TextChoices):
    # DESIGN section 2: two named calendars.
    STATUTORY = "statutory", _("Lịch nghỉ theo Bộ luật Lao động")
    PUBLIC_SECTOR = "public_sector", _("Lịch nghỉ của cơ quan nhà nước")


class CalendarYear(models.Model):
    """A year the clock counts in, confirmed from the Government's decisions or provisional.

    Starting a clock in a year that is not listed is refused rather than guessed. A listed year
    is either confirmed (every holiday and swap with the document that sets it) or provisional
    (what is assumed and why); a due date whose counting relies on a provisional year is stored
    as provisional and recomputed when the year is confirmed (clock.services).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Đã xác nhận")
        PROVISIONAL = "provisional", _("Tạm tính")

    year = models.PositiveSmallIntegerField(pgettext_lazy("calendar field", "năm"), unique=True)
    # A new row is provisional until someone confirms it with its documents: a year added
    # without its sources must not silently make due dates final.
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status, default=Status.PROVISIONAL
    )
    # The documents that set the year's days off and working days, each a dict with number,
    # date (ISO), issuer, title, url and what it sets ("covers").
    sources = models.JSONField(_("văn bản"), default=list, blank=True)
    assumptions_vi = models.TextField(_("giả định (tiếng Việt)"), blank=True)
    assumptions_en = models.TextField(_("giả định (tiếng Anh)"), blank=True)
    note = models.CharField(_("ghi chú / văn bản"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("năm của lịch")
        verbose_name_plural = _("năm của lịch")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "provisional"]),
                name="calendar_year_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.year} ({self.get_status_display()})"

    @property
    def confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def assumptions(self) -> str:
        """Return what is assumed for the year, in the active language."""
        english = (get_language() or "vi").startswith("en")
        return (self.assumptions_en or self.assumptions_vi) if english else self.assumptions_vi


class CalendarAdjustment(models.Model):
    """A Government decision or correction that makes a date a day off or a working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc")

    class Scope(models.TextChoices):
        # An adjustment on the statutory calendar applies to the public-sector calendar too.
        STATUTORY = (
            "statutory",
            _("Lịch nghỉ theo Bộ luật Lao động (áp dụng cho cả khu vực nhà nước)"),
        )
        PUBLIC_SECTOR = "public_sector", _("Chỉ lịch nghỉ của cơ quan nhà nước")

    date = models.DateField(pgettext_lazy("calendar field", "ngày"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind)
    calendar = models.CharField(_("lịch áp dụng"), max_length=20, choices=Scope)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    legal_document = models.CharField(_("văn bản"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # A day whose legal basis is not settled (e.g. 24/11 Vietnam Culture Day, chosen by a Party
    # resolution with no amendment of Labor Code Art. 112 found): the clock counts ``kind`` (the
    # reading chosen; the administrator switches it by changing ``kind``) and every due date that
    # depends on the day is stored as provisional. ``alternative`` says what the other reading is.
    uncertain = models.BooleanField(_("căn cứ chưa rõ"), default=False)
    alternative_vi = models.TextField(_("cách hiểu khác (tiếng Việt)"), blank=True)
    alternative_en = models.TextField(_("cách hiểu khác (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch")
        verbose_name_plural = _("điều chỉnh lịch")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "calendar"], name="one_adjustment_per_date_and_calendar"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["day_off", "working_day"]), name="adjustment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(calendar__in=["statutory", "public_sector"]),
                name="adjustment_calendar_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} ({self.calendar})"


class Deadline(models.Model):
    """One running statutory clock, for any object of any app."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chạy")
        MET = "met", _("Đã hoàn thành")
        OVERDUE = "overdue", _("Quá hạn")
        CANCELLED = "cancelled", _("Đã hủy")

    class Party(models.TextChoices):
        ORGANIZATION = "organization", _("Tổ chức")
        AGENCY = "agency", _("Cơ quan chuyên trách")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="deadlines"
    )
    rule = models.CharField(_("quy tắc"), max_length=40, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    # The label as a message key (the Vietnamese msgid, usually the rule's) and its parameters,
    # rendered in the reader's language by ``label``; a text that is not a message is stored as
    # the literal "%(text)s" with {"text": ...} so it is never looked up.
    label_message = models.CharField(_("nội dung"), max_length=300, blank=True)
    label_params = models.JSONField(default=dict, blank=True)
    party = models.CharField(_("bên phải thực hiện"), max_length=20, choices=Party)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
    )
    calendar = models.CharField(_("lịch"), max_length=20, choices=Calendar)
    started_at = models.DateTimeField(_("bắt đầu"))
    due_at = models.DateTimeField(_("hạn"))
    extended_due_at = models.DateTimeField(_("hạn sau gia hạn"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    # The instant the sweeper next has something to do for this deadline (a reminder stage or
    # the move to overdue); NULL when nothing is left. Indexed for open clocks only, so a sweep
    # costs what is due, not the size of the table.
    next_check_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Why the due date is provisional: the days or years its counting relied on that are not
    # settled yet, each {"message": msgid, "params": {...}}; empty when the date is final.
    provisional_reasons = models.JSONField(_("lý do tạm tính"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(status="open"), name="deadline_open_due"),
            models.Index(
                fields=["next_check_at"],
                condition=Q(status__in=["open", "overdue"], next_check_at__isnull=False),
                name="deadline_next_check",
            ),
            models.Index(fields=["content_type", "object_id"], name="deadline_subject"),
            models.Index(fields=["organization", "status"], name="deadline_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "met", "overdue", "cancelled"]),
                name="deadline_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(party__in=["organization", "agency"]), name="deadline_party_valid"
            ),
            models.CheckConstraint(
                condition=Q(calendar__in=["statutory", "public_sector"]),
                name="deadline_calendar_valid",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("started_at")), name="deadline_due_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.rule} #{self.pk} ({self.status})"

    @property
    def effective_due_at(self):
        return self.extended_due_at or self.due_at

    @property
    def label(self) -> str:
        """Return the label in the active language (the reader's)."""
        return render_message(self.label_message, self.label_params)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)

    @property
    def provisional_texts(self) -> list[str]:
        """Return why the due date is provisional, one sentence per reason, in the active language."""
        return render_reasons(self.provisional_reasons)


class DeadlineReminder(models.Model):
    """Ledger of reminder stages sent: the unique constraint makes each stage go out once."""

    class Stage(models.TextChoices):
        HALF = "half", _("Còn một nửa thời hạn")
        ONE_WORKING_DAY = "one_working_day", _("Còn một ngày làm việc")
        DUE_TODAY = "due_today", _("Hết hạn hôm nay")
        OVERDUE = "overdue", _("Quá hạn")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=20, choices=Stage)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "stage"], name="one_reminder_per_stage"),
        ]

    def __str__(self):
        return f"{self.deadline_id}:{self.stage}"


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret ICS feed address (the token is the only credential, so it can be rotated)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"feed:{self.user_id}"
