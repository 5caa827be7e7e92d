from django.apps import AppConfig


class BreachesConfig(AppConfig):
    name = "breaches"

    def ready(self):
        from pdp_portal import hooks

        from . import hooks as provided

        hooks.register("breaches.year_count", provided.year_count)
        hooks.register("breaches.open_counts", provided.open_counts)
