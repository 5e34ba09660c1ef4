"""Plain-text email from templates, with absolute links built from the one `SITE_URL` setting."""

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
    """The email `<template>.txt` with its subject from `<template>_subject.txt`, in `language`."""
    with translation.override(language):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}.txt", context)
    return mail.EmailMessage(subject, body, to=to)


def send_templated_email(template: str, *, to: list[str], context: dict, language: str) -> None:
    """Send one templated email (nothing when there is no recipient)."""
    if to:
        templated_message(template, to=to, context=context, language=language).send()
