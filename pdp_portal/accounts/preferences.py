"""The language a person reads the portal in, kept for what it writes to them later."""

from django.conf import settings

from .models import Preference

LANGUAGES = dict(settings.LANGUAGES)


def user_language(user) -> str:
    """Return the language ``user`` chose (the portal's default when none, or no user)."""
    if not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    try:
        return user.preference.language
    except Preference.DoesNotExist:
        return settings.LANGUAGE_CODE


def remember_language(user, language: str) -> None:
    """Keep ``language`` as ``user``'s choice (ignored unless it is one the portal speaks)."""
    if getattr(user, "pk", None) and language in LANGUAGES:
        Preference.objects.update_or_create(user=user, defaults={"language": language})
