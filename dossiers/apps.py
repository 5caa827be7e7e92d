from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"

    def ready(self):
        from pdp_portal import hooks

        from . import hooks as provided

        hooks.register("register.rows", provided.register_rows)
        hooks.register("register.data_label", provided.data_label)
