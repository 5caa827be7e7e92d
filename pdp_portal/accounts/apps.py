from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pdp_portal.accounts"
    label = "accounts"
