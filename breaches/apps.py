from django.apps import AppConfig


class BreachesConfig(AppConfig):
    name = "breaches"
