"""Sending a reminder at most once: the sent-log row and the email go together or not at all."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from brasite.lib.email import send_templated_email
from partnerships.groups import group_of
from partnerships.models import Municipality, MunicipalityGroup, User

from .models import ReminderPreferences, SentReminder


def preferences_of(user: User) -> ReminderPreferences:
    """The user's preferences; the defaults (every reminder, Danish) when they never changed them."""
    try:
        return user.reminder_preferences
    except ReminderPreferences.DoesNotExist:
        return ReminderPreferences(user=user)


@dataclass
class Recipient:
    email: str
    language: str = settings.LANGUAGE_CODE
    name: str = ""

    @classmethod
    def of_user(cls, user: User) -> "Recipient":
        return cls(user.email, preferences_of(user).language, user.get_full_name())


def wanting(users, preference: str) -> list[Recipient]:
    """The users (select_related `reminder_preferences`) who have not switched `preference` off."""
    return [Recipient.of_user(user) for user in users if getattr(preferences_of(user), preference)]


@dataclass
class Outbox:
    """Sends each reminder once per (kind, recipient, object, period); counts what it sent."""

    dry_run: bool = False
    sent: dict[str, int] = field(default_factory=dict)
    groups: dict[int, MunicipalityGroup | None] = field(default_factory=dict, repr=False)

    def group_of(self, municipality: Municipality) -> MunicipalityGroup | None:
        """The municipality's group (`partnerships.groups.group_of`: its emails' sender and signature),
        looked up once per run."""
        if municipality.pk not in self.groups:
            self.groups[municipality.pk] = group_of(municipality)
        return self.groups[municipality.pk]

    def send(
        self,
        kind: SentReminder.Kind,
        recipient: Recipient,
        about: models.Model,
        *,
        period: str = "",
        template: str,
        context: dict,
    ) -> bool:
        """Send the email unless this reminder already went to this address; True when sent now. The
        context's `group` (`group_of`) names the sender and signs the email."""
        key = {
            "kind": kind,
            "recipient": recipient.email.lower(),
            "object_type": about._meta.label_lower,
            "object_id": about.pk,
            "period": period,
        }
        if SentReminder.objects.filter(**key).exists():
            return False
        if not self.dry_run:
            try:
                with transaction.atomic():
                    SentReminder.objects.create(**key)
                    send_templated_email(
                        template,
                        to=[recipient.email],
                        context={**context, "recipient": recipient},
                        language=recipient.language,
                    )
            except IntegrityError:  # another run sent it a moment ago
                return False
        self.sent[kind] = self.sent.get(kind, 0) + 1
        return True

    @property
    def total(self) -> int:
        return sum(self.sent.values())


SENT_LOG_DAYS = 400  # longer than any period a reminder waits for (a school year and its question month)


def forget_old_sent_reminders(today: datetime.date, outbox: Outbox) -> None:
    """The sent-log keeps addresses (personal data) only as long as it prevents a repeat."""
    if not outbox.dry_run:
        cutoff = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        SentReminder.objects.filter(sent_at__lt=cutoff - datetime.timedelta(days=SENT_LOG_DAYS)).delete()
