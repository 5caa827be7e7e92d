from django.apps import AppConfig


class SubjectsRightsConfig(AppConfig):
    name = "subjects_rights"

    def ready(self):
        from pdp_portal import hooks

        from . import hooks as provided
        from . import services

        hooks.register(hooks.REQUEST_ENTER, services.request_enter)
        hooks.register("rights.submit", provided.submit_from_page)
        hooks.register("rights.year_counts", provided.year_counts)
        hooks.register("rights.open_counts", provided.open_counts)
