from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """What a person chose for themselves: the language the portal writes to them in.

    Set when they use the language switch while signed in; e-mails to them (reminders, alerts,
    the agency's decisions) are rendered in it, whoever caused them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("tùy chọn cá nhân")
        verbose_name_plural = _("tùy chọn cá nhân")

    def __str__(self):
        return f"{self.user_id}: {self.language}"
