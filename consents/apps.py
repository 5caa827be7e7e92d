from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "consents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pdp_portal import hooks

        from . import hooks as provided
        from . import services

        hooks.register(hooks.WITHDRAW_CONSENT_RECEIVED, services.rights_request_received)
        hooks.register("consents.refuse", provided.refuse_for_activities)
