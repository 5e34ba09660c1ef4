"""Plain-text email from templates, with absolute links built from the one `SITE_URL` setting."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import mail
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def absolute_url(path: str) -> str:
    """The address of `path` as people reach the portal (`SITE_URL`), for links that leave the site."""
    return settings.SITE_URL + path


def render_text(template: str, context: dict) -> str:
    """A template rendered as plain text: nothing is HTML-escaped (an "&" stays "&")."""
    return get_template(template).template.render(Context(context, autoescape=False))


def templated_message(template: str, *, to: list[str], context: dict, language: str) -> mail.EmailMessage:
    """The email `<template>.txt` with its subject from `<template>_subject.txt`, in `language`.

    Sender name and `signature` come from the context's `group` (its email sender and signature), else
    the portal's name (`PORTAL_NAME`): names are data, never translated strings.
    """
    group = context.get("group")
    portal_name = settings.PORTAL_NAME
    sender = getattr(group, "email_sender_name", "") or portal_name
    context = {
        "portal_name": portal_name,
        "signature": getattr(group, "email_signature", "") or portal_name,
        "group_name": getattr(group, "name", "") or portal_name,
        **context,
    }
    with translation.override(language):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}.txt", context)
    from_email = formataddr(
        (sender, parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL)
    )
    return mail.EmailMessage(subject, body, from_email=from_email, to=to)


def send_templated_email(template: str, *, to: list[str], context: dict, language: str) -> None:
    """Send one templated email (nothing when there is no recipient)."""
    if to:
        templated_message(template, to=to, context=context, language=language).send()
