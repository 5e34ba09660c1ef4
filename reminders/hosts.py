"""The yearly question to every approved host: will you host this school year, how much, and if not, why."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brasite.lib.email import absolute_url
from partnerships.models import Company
from partnerships.schoolyears import SchoolYear

from .delivery import Outbox
from .models import HostAnswer, SentReminder
from .recipients import company_recipients

ANSWER_SALT = "reminders.host-answer"
REMIND_AFTER_DAYS = 14


def answer_token(answer: HostAnswer) -> str:
    """A signed link value that only opens this company's answer for this school year."""
    return signing.dumps(
        {"answer": answer.pk, "company": answer.company_id, "year": answer.school_year}, salt=ANSWER_SALT
    )


def answer_from_token(token: str) -> tuple[HostAnswer | None, bool]:
    """The answer a link points to (None when altered or made for something else), and whether it expired."""
    max_age = datetime.timedelta(days=settings.HOST_QUESTION_LINK_DAYS)
    try:
        data, expired = signing.loads(token, salt=ANSWER_SALT, max_age=max_age), False
    except signing.SignatureExpired:
        return None, True
    except signing.BadSignature:
        return None, False
    if not isinstance(data, dict) or not {"answer", "company", "year"} <= data.keys():
        return None, False
    answer = (
        HostAnswer.objects.filter(pk=data["answer"], company=data["company"], school_year=data["year"])
        .select_related("company__municipality")
        .first()
    )
    return answer, expired


def answer_link(answer: HostAnswer) -> str:
    return absolute_url(reverse("reminders:host_answer", args=[answer_token(answer)]))


def ask_hosts(today: datetime.date, outbox: Outbox) -> None:
    """In the configured month, every approved host is asked once about the school year."""
    if today.month != settings.HOST_QUESTION_MONTH:
        return
    year = SchoolYear.containing(today).start_year
    asked = HostAnswer.objects.filter(school_year=year, asked_at__isnull=False).values("company")
    hosts = Company.objects.approved_hosts().exclude(pk__in=asked).select_related("municipality")
    for company in hosts.order_by("name"):
        answer = HostAnswer.objects.filter(company=company, school_year=year).first() or HostAnswer(
            company=company, school_year=year
        )
        if answer.answered_at is None:  # a company that already answered on the portal needs no question
            _send_question(SentReminder.Kind.HOST_QUESTION, answer, outbox, "reminders/email/host_question")
        if not outbox.dry_run:
            answer.asked_at = timezone.now()
            answer.save()


def remind_hosts(today: datetime.date, outbox: Outbox) -> None:
    """Hosts that left the question unanswered for 14 days are reminded once, with a fresh link."""
    asked_before = timezone.now() - datetime.timedelta(days=REMIND_AFTER_DAYS)
    answers = HostAnswer.objects.filter(
        school_year=SchoolYear.containing(today).start_year,
        answered_at__isnull=True,
        reminded_at__isnull=True,
        asked_at__lte=asked_before,
        company__host_status=Company.HostStatus.APPROVED,
    ).select_related("company__municipality")
    for answer in answers:
        _send_question(
            SentReminder.Kind.HOST_QUESTION_REMINDER, answer, outbox, "reminders/email/host_question_reminder"
        )
        if not outbox.dry_run:
            answer.reminded_at = timezone.now()
            answer.save(update_fields=["reminded_at"])


def _send_question(kind: SentReminder.Kind, answer: HostAnswer, outbox: Outbox, template: str) -> None:
    if answer.pk is None and not outbox.dry_run:
        answer.save()  # the link names the answer row
    company = answer.company
    context = {
        "group": outbox.group_of(company.municipality),
        "company": company,
        "school_year": SchoolYear(answer.school_year),
        "link": answer_link(answer) if answer.pk else "",
        "portal_link": absolute_url(reverse("reminders:company_hosting")),
        "days": settings.HOST_QUESTION_LINK_DAYS,
    }
    for recipient in company_recipients(company, "host_question"):
        outbox.send(
            kind, recipient, company, period=str(answer.school_year), template=template, context=context
        )


def current_answer(company: Company, today: datetime.date | None = None) -> HostAnswer:
    """The company's answer row for the current school year (unsaved when it has none yet)."""
    year = SchoolYear.containing(today or timezone.localdate()).start_year
    return HostAnswer.objects.filter(company=company, school_year=year).first() or HostAnswer(
        company=company, school_year=year
    )


@transaction.atomic
def record_answer(answer: HostAnswer, *, programmes) -> HostAnswer:
    """Save the answer (a `HostAnswerForm`'s instance) and apply it: a host that will (maybe) host gets its
    capacity and programmes from the answer; 'not this year' or 'own arrangement' keeps it out of this
    school year's outreach (the HOP-IN host lists leave it out)."""
    answer.answered_at = timezone.now()
    if answer.answer in HostAnswer.DECLINED:
        answer.classes = None
    answer.save()
    answer.programmes.set(programmes if answer.answer in HostAnswer.HOSTING else [])
    if answer.answer in HostAnswer.HOSTING:
        company = Company.objects.select_for_update().get(pk=answer.company_id)
        if answer.classes:
            company.hosting_capacity = answer.classes
        company._change_reason = f"Årligt svar: værtskab {answer.school_year_label}"
        company.save()
        if programmes:
            company.programmes_of_interest.set(programmes)
    return answer
