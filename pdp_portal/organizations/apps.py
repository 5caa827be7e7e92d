from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "pdp_portal.organizations"
    label = "organizations"
