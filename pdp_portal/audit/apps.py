from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pdp_portal.audit"
    label = "audit"
