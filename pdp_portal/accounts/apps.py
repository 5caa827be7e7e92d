from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pdp_portal.accounts"
    label = "accounts"

    def ready(self):
        from . import schema  # noqa: F401  (registers the schema's authentication extension)
