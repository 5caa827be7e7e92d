"""Helpers of the reader-language tests: find the Vietnamese an English reader is shown."""

import re

from django.conf import settings
from django.test import Client

from tests.conftest import login

VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def browser(user, language: str) -> Client:
    """Return a client of its own reading in ``language`` (logged in as ``user`` if given)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return login(client, user) if user else client


def leaks(html: str, masks=()) -> list[str]:
    """Return each text between tags (or attribute) of ``html`` that holds Vietnamese.

    ``masks`` (regexes) remove what is meant to stay as it was written; the language switch's
    "Tiếng Việt" is always left out.
    """
    for pattern in masks:
        html = pattern.sub("", html)
    html = html.replace("Tiếng Việt", "")
    return sorted({part.strip() for part in re.split(r"[<>]", html) if VIETNAMESE.search(part)})


def json_leaks(data, keep=lambda key, parent: False) -> list[str]:
    """Return the Vietnamese strings of a JSON answer, but those ``keep(key, parent)`` keeps."""
    if isinstance(data, dict):
        return [
            leak
            for key, value in data.items()
            if not keep(key, data)
            for leak in json_leaks(value, keep)
        ]
    if isinstance(data, list):
        return [leak for item in data for leak in json_leaks(item, keep)]
    return [data] if isinstance(data, str) and VIETNAMESE.search(data) else []


def texts_with_vietnamese(texts) -> list[str]:
    return [text for text in texts if VIETNAMESE.search(text)]


def notification_pages() -> list[str]:
    """Return the address of the notifications page, where there is one."""
    from django.urls import NoReverseMatch, reverse

    try:
        return [reverse("notifications:list")]
    except NoReverseMatch:
        return []
