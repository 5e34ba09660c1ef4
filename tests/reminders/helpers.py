import datetime
from contextlib import contextmanager

import time_machine
from django.core import mail
from django.core.management import call_command


@contextmanager
def on(day: datetime.date, hour: int = 7):
    """Frozen time on the day (local morning, when the daily job runs)."""
    moment = datetime.datetime.combine(day, datetime.time(hour)).replace(tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield


def run_on(day: datetime.date) -> list:
    """Run the daily job on the day; the messages it sent."""
    before = len(mail.outbox)
    with on(day):
        call_command("send_reminders", verbosity=0)
    return mail.outbox[before:]


def days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def to(messages, address: str) -> list:
    return [m for m in messages if address in m.to]
