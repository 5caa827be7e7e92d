"""Who may be designated for personal data protection (Decree 356 Art. 13(2)): the vocabulary,
the fields a qualified person keeps, and the check.

Shared by the organisation's own protection staff (programme) and the staff a certificate
applicant puts forward (certification, Art. 22(2)(c)): the same condition, checked once.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Decree 356 Art. 13(2)(b): at least two years of work experience since graduation.
MIN_EXPERIENCE_YEARS = 2


class DegreeLevel(models.TextChoices):
    # Decree 356 Art. 13(2)(a): college degree or higher.
    BELOW_COLLEGE = "below_college", gettext_lazy("Dưới cao đẳng")
    COLLEGE = "college", gettext_lazy("Cao đẳng")
    BACHELOR = "bachelor", gettext_lazy("Đại học")
    MASTER = "master", gettext_lazy("Thạc sĩ")
    DOCTOR = "doctor", gettext_lazy("Tiến sĩ")


class ExperienceField(models.TextChoices):
    # Decree 356 Art. 13(2)(b): the fields in which the two years of experience count.
    LEGAL = "legal", gettext_lazy("Pháp chế")
    IT = "it", gettext_lazy("Công nghệ thông tin")
    CYBERSECURITY = "cybersecurity", gettext_lazy("An ninh mạng")
    DATA_SECURITY = "data_security", gettext_lazy("An ninh dữ liệu")
    RISK = "risk", gettext_lazy("Quản trị rủi ro")
    COMPLIANCE = "compliance", gettext_lazy("Kiểm soát tuân thủ")
    HR = "hr", gettext_lazy("Quản lý nhân sự")
    PERSONNEL = "personnel", gettext_lazy("Tổ chức cán bộ")
    OTHER = "other", gettext_lazy("Lĩnh vực khác (không được tính)")


QUALIFYING_DEGREES = {
    DegreeLevel.COLLEGE,
    DegreeLevel.BACHELOR,
    DegreeLevel.MASTER,
    DegreeLevel.DOCTOR,
}


class QualifiedPerson(models.Model):
    """The fields of a person checked against Decree 356 Art. 13(2)."""

    full_name = models.CharField(gettext_lazy("họ và tên"), max_length=200)
    position = models.CharField(gettext_lazy("chức danh"), max_length=200, blank=True)
    phone = models.CharField(gettext_lazy("số điện thoại liên lạc"), max_length=30, blank=True)
    email = models.EmailField(gettext_lazy("email"), blank=True)
    degree_level = models.CharField(gettext_lazy("trình độ"), max_length=20, choices=DegreeLevel)
    degree_field = models.CharField(gettext_lazy("chuyên ngành"), max_length=200, blank=True)
    graduated_on = models.DateField(gettext_lazy("ngày tốt nghiệp"), null=True, blank=True)
    experience_field = models.CharField(
        gettext_lazy("lĩnh vực kinh nghiệm"), max_length=20, choices=ExperienceField
    )
    experience_since = models.DateField(
        gettext_lazy("bắt đầu công tác trong lĩnh vực từ"), null=True, blank=True
    )
    training = models.CharField(
        gettext_lazy("đào tạo, bồi dưỡng về bảo vệ dữ liệu cá nhân (khóa học, đơn vị, ngày)"),
        max_length=500,
        blank=True,
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name


def add_years(day: dt.date, years: int) -> dt.date:
    """Return ``day`` plus whole years (29 February ends on 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def qualification_findings(person, *, on: dt.date | None = None) -> list[str]:
    """Return what ``person`` still lacks under Decree 356 Art. 13(2), one line per condition."""
    on = on or timezone.localdate()
    missing: list[str] = []
    # Art. 13(2)(a): college degree or higher.
    if person.degree_level not in QUALIFYING_DEGREES:
        missing.append(_("trình độ cao đẳng trở lên (Điều 13 khoản 2 điểm a)"))
    # Art. 13(2)(b): two years in a listed field, counted from graduation.
    if person.experience_field not in ExperienceField.values or (
        person.experience_field == ExperienceField.OTHER
    ):
        missing.append(_("kinh nghiệm trong một lĩnh vực được liệt kê tại Điều 13 khoản 2 điểm b"))
    elif person.graduated_on is None or person.experience_since is None:
        missing.append(_("ngày tốt nghiệp và thời điểm bắt đầu công tác (Điều 13 khoản 2 điểm b)"))
    else:
        counted_from = max(person.graduated_on, person.experience_since)
        if add_years(counted_from, MIN_EXPERIENCE_YEARS) > on:
            missing.append(
                _(
                    "ít nhất %(n)s năm kinh nghiệm kể từ khi tốt nghiệp (mới tính từ %(since)s; "
                    "Điều 13 khoản 2 điểm b)"
                )
                % {"n": MIN_EXPERIENCE_YEARS, "since": counted_from.strftime("%d/%m/%Y")}
            )
    # Art. 13(2)(c): trained in personal data protection law and skills.
    if not (person.training or "").strip():
        missing.append(
            _("đã được đào tạo, bồi dưỡng về bảo vệ dữ liệu cá nhân (Điều 13 khoản 2 điểm c)")
        )
    return [str(m) for m in missing]
