"""Telling people of a step on an organisation's case: in the portal and by e-mail (every app's)."""

from collections.abc import Callable

from django.utils import translation

from pdp_portal.accounts.preferences import user_language
from pdp_portal.messages import render_message

from .services import notification_create, outbox_enqueue_email


def update_email(
    *, organization, template: str, title: str, params: dict, url: str, body=None
) -> Callable[[object], dict]:
    """Return the e-mail of a step for ``tell_people``: ``template`` (notices/email/<template>_
    {subject,body}.txt) with ``organization_name``, ``title``, ``message`` (the body) and ``url``,
    rendered in the recipient's language."""

    def email(person) -> dict:
        language = user_language(person)
        with translation.override(language):
            context = {
                "organization_name": organization.name,
                "title": render_message(title, params),
                "message": render_message(*body) if body else "",
                "url": url,
            }
        return {"template": template, "context": context, "language": language}

    return email


def tell_people(
    people,
    *,
    organization,
    key: str,
    title: str,
    params: dict,
    url: str,
    template: str | None = None,
    body: tuple[str, dict] | None = None,
    email: Callable[[object], dict] | None = None,
    email_key: str | None = None,
) -> None:
    """Notify ``people`` in the portal and by e-mail (through the outbox), each in their language.

    ``title`` and ``body`` are message keys with their parameters (``literal`` for what a person
    typed): the notification reads in its reader's language, the e-mail in its recipient's.
    The e-mail is ``template``'s (see ``update_email``), or what ``email(person)`` gives
    (``template``, ``context`` and ``language``); none without either. It goes through the
    outbox once per ``email_key`` (``key`` by default) and person.
    """
    if template is not None:
        email = update_email(
            organization=organization,
            template=template,
            title=title,
            params=params,
            url=url,
            body=body,
        )
    for person in people:
        notification_create(
            user=person,
            key=key,
            message=title,
            params=params,
            url=url,
            organization=organization,
        )
        if email is not None and person.email:
            outbox_enqueue_email(
                key=f"{email_key or key}:{person.pk}",
                recipient=person.email,
                organization=organization,
                recipient_user=person,
                **email(person),
            )
