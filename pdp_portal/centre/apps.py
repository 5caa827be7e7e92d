from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CentreConfig(AppConfig):
    name = "pdp_portal.centre"
    label = "centre"
    verbose_name = _("Trung tâm quyền riêng tư")

    def ready(self):
        autodiscover_modules("centre")
