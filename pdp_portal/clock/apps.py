from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "pdp_portal.clock"
    label = "clock"
