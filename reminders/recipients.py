"""Who hears about a municipality's work: its coordinators, and for the goal also the regional viewers."""

from collections import defaultdict

from partnerships.models import ContactPerson, User

from .delivery import Recipient, wanting


def coordinators_by_municipality(municipality_ids) -> dict[int, list[User]]:
    """The active coordinators of each municipality (with their preferences), in one query."""
    through = User.municipalities.through
    links = through.objects.filter(
        municipality_id__in=list(municipality_ids), user__is_active=True, user__role=User.Role.COORDINATOR
    ).select_related("user__reminder_preferences")
    users = defaultdict(list)
    for link in links.order_by("user__email"):
        users[link.municipality_id].append(link.user)
    return users


def regional_viewers() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role=User.Role.VIEWER)
        .select_related("reminder_preferences")
        .order_by("email")
    )


def company_recipients(company, preference: str) -> list[Recipient]:
    """The company's logins who want `preference`; its contact persons when it has no login."""
    users = list(
        User.objects.filter(is_active=True, role=User.Role.COMPANY, company=company).select_related(
            "reminder_preferences"
        )
    )
    if users:
        return wanting(users, preference)
    return contact_recipients(ContactPerson.objects.filter(company=company))


def contact_recipients(contacts) -> list[Recipient]:
    """Contact persons with an email address (they have no preferences: the portal's language)."""
    seen, recipients = set(), []
    for contact in contacts:
        if contact.email and contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            recipients.append(Recipient(contact.email, name=contact.name))
    return recipients
