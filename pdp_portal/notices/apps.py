from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "pdp_portal.notices"
    label = "notices"
