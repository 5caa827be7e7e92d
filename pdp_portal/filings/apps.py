from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "pdp_portal.filings"
    label = "filings"
    verbose_name = _("Hồ sơ gửi cơ quan chuyên trách")

    def ready(self):
        # Each app declares what it files in ``<app>/filing.py`` and what it adds to an inspection
        # bundle in ``<app>/bundle.py``; this core finds them by name, as the admin finds admin.py.
        autodiscover_modules("filing", "bundle")
