"""Telling people of a step on an organisation's case: in the portal and by e-mail (every app's)."""

from django.utils import translation

from pdp_portal.accounts.preferences import user_language
from pdp_portal.messages import render_message

from .services import notification_create, outbox_enqueue_email


def tell_people(
    people,
    *,
    organization,
    key: str,
    title: str,
    params: dict,
    url: str,
    template: str,
    body: tuple[str, dict] | None = None,
) -> None:
    """Notify ``people`` in the portal and by e-mail (through the outbox), each in their language.

    ``title`` and ``body`` are message keys with their parameters (``literal`` for what a person
    typed): the notification reads in its reader's language, the e-mail in its recipient's.
    ``template`` names the e-mail (notices/email/<template>_{subject,body}.txt); its context has
    ``organization_name``, ``title``, ``message`` (the body) and ``url``.
    """
    for person in people:
        notification_create(
            user=person,
            key=key,
            message=title,
            params=params,
            url=url,
            organization=organization,
        )
        if person.email:
            language = user_language(person)
            with translation.override(language):
                context = {
                    "organization_name": organization.name,
                    "title": render_message(title, params),
                    "message": render_message(*body) if body else "",
                    "url": url,
                }
            outbox_enqueue_email(
                key=f"{key}:{person.pk}",
                recipient=person.email,
                template=template,
                context=context,
                language=language,
                organization=organization,
                recipient_user=person,
            )
