from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "pdp_portal.filings"
    label = "filings"
    verbose_name = _("Hồ sơ gửi cơ quan chuyên trách")
