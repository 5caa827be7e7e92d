from django.apps import AppConfig


class SubjectsRightsConfig(AppConfig):
    name = "subjects_rights"
