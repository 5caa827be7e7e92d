from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Chương trình tuân thủ"

    def ready(self):
        from pdp_portal import hooks

        from . import hooks as provided

        hooks.register("facts.changed", provided.facts_changed)
