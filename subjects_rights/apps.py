from django.apps import AppConfig


class SubjectsRightsConfig(AppConfig):
    name = "subjects_rights"

    def ready(self):
        from pdp_portal import hooks

        from . import services

        hooks.register(hooks.REQUEST_ENTER, services.request_enter)
