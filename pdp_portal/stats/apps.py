from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "pdp_portal.stats"
    label = "stats"
    verbose_name = _("Thống kê")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .aggregates import sqlite_median

        connection_created.connect(sqlite_median, dispatch_uid="stats_sqlite_median")
        # Each app adds its figures in ``<app>/stats.py`` (the clock in pdp_portal/clock/stats.py).
        autodiscover_modules("stats")
