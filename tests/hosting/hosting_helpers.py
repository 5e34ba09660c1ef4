"""Shared data for the host sign-up tests."""

import re

from django.core import mail
from django.utils import timezone

from hosting.models import HostSignup

VALID_CVR = "12345674"


def signup_data(place, **overrides) -> dict:
    data = {
        "name": "Odder Maskinfabrik ApS",
        "cvr": "DK 12 34 56 74",
        "kind": "company",
        "address": "Rosensgade 1",
        "postcode": "8300",
        "municipality": str(place.pk),
        "sector": "manufacturing",
        "employee_band": "10-49",
        "website": "odder-maskinfabrik.dk",
        "hosting_capacity": "2",
        "contact_name": "Mette Hansen",
        "contact_role": "HR-chef",
        "contact_email": "mette@example.com",
        "contact_phone": "+45 12 34 56 78",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_signup(municipality, **fields) -> HostSignup:
    values = {
        "name": "Odder Maskinfabrik ApS",
        "cvr": VALID_CVR,
        "address": "Rosensgade 1",
        "postcode": "8300",
        "municipality": municipality,
        "contact_name": "Mette Hansen",
        "contact_email": "mette@example.com",
        "contact_phone": "+45 12 34 56 78",
        "consented_at": timezone.now(),
    }
    values.update(fields)
    return HostSignup.objects.create(**values)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def last_link(to: str) -> str:
    return link_in([m for m in mail.outbox if to in m.to][-1])
