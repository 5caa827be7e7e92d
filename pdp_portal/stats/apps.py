from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "pdp_portal.stats"
    label = "stats"
    verbose_name = _("Thống kê")

    def ready(self):
        autodiscover_modules("stats")
