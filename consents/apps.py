from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "consents"
    default_auto_field = "django.db.models.BigAutoField"
