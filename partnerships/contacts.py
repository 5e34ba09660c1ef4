"""Removing a contact person: what is lost, and a removal that leaves none of their personal data behind."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ContactPerson


def forget_in_admin_log(obj: models.Model, *, label: str) -> None:
    """The admin log names objects as they were called; an erased or removed person's name goes too."""
    content_type = ContentType.objects.get_for_model(obj._meta.model)
    LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).update(object_repr=label)


def removal_losses(person: ContactPerson) -> list[str]:
    """What removing the person loses, for the page that asks first."""
    lines = [
        _("%(name)s's name, job title, email address and phone number, also in the record of changes.")
        % {"name": person.name}
    ]
    titles = list(person.agreements.order_by("title").values_list("title", flat=True))
    if titles:
        lines.append(
            ngettext(
                "The agreement %(titles)s no longer names them as contact person.",
                "The agreements %(titles)s no longer name them as contact person.",
                len(titles),
            )
            % {"titles": ", ".join(f"“{title}”" for title in titles)}
        )
    return lines


@transaction.atomic
def remove_contact_person(person: ContactPerson) -> None:
    """Delete the person with every historical copy of their data and their name in the admin log."""
    person_id = person.pk
    forget_in_admin_log(person, label=_("Removed contact person"))
    person.delete()
    ContactPerson.history.filter(id=person_id).delete()
