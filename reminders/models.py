"""Who wants which reminder, what has been sent, calendar feed links and the hosts' yearly answers.

Kept in this app (not as fields on the core models) so that the core stays about partnerships.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerships.models import Company, CooperationAgreement
from partnerships.schoolyears import SchoolYear


class ReminderPreferences(models.Model):
    """A user's language for emails and which reminders they get (a user without a row gets all)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        verbose_name=_("user"),
        related_name="reminder_preferences",
    )
    language = models.CharField(
        _("language of emails"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    agreements_ending = models.BooleanField(_("agreements that end soon"), default=True)
    drafts_waiting = models.BooleanField(_("agreements left in draft"), default=True)
    signups_waiting = models.BooleanField(_("host sign-ups waiting for approval"), default=True)
    goal_at_risk = models.BooleanField(_("a municipality about to fall below its goal"), default=True)
    weekly_digest = models.BooleanField(_("weekly digest"), default=True)
    host_question = models.BooleanField(_("the yearly question whether we host"), default=True)

    class Meta:
        verbose_name = _("reminder preferences")
        verbose_name_plural = _("reminder preferences")
        ordering = ["user__email"]

    def __str__(self):
        return str(self.user)


class SentReminder(models.Model):
    """One reminder sent to one address: the unique key makes the daily job safe to run again."""

    class Kind(models.TextChoices):
        ENDING_60 = "ending_60", _("Agreement ends within 60 days")
        ENDING_14 = "ending_14", _("Agreement ends within 14 days")
        DRAFT = "draft", _("Agreement still in draft")
        SIGNUP = "signup", _("Host sign-up waiting")
        AT_RISK = "at_risk", _("Goal at risk")
        DIGEST = "digest", _("Weekly digest")
        HOST_QUESTION = "host_question", _("Yearly host question")
        HOST_QUESTION_REMINDER = "host_question_again", _("Yearly host question, reminder")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    recipient = models.EmailField(_("recipient"))
    object_type = models.CharField(_("about (model)"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    period = models.CharField(
        _("period"), max_length=20, blank=True, help_text=_("E.g. the end date, the week or the school year.")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "object_type", "object_id", "period"],
                name="sentreminder_unique_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.sent_at:%Y-%m-%d})"


class AgreementReminderOption(models.Model):
    """Per agreement: whether the school's and company's contact persons also hear that it ends."""

    agreement = models.OneToOneField(
        CooperationAgreement,
        models.CASCADE,
        verbose_name=_("agreement"),
        related_name="reminder_option",
    )
    notify_contacts = models.BooleanField(
        _("remind the contact persons too"),
        default=False,
        help_text=_("The school's and the company's contact persons also get the reminders that it ends."),
    )

    class Meta:
        verbose_name = _("agreement reminder option")
        verbose_name_plural = _("agreement reminder options")
        ordering = ["agreement"]

    def __str__(self):
        return str(self.agreement)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a user's calendar feed; revoking it gives a new address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, verbose_name=_("user"), related_name="calendar_feed"
    )
    token = models.CharField(_("secret"), max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("reminders:calendar_feed", args=[self.token])


class HostAnswer(models.Model):
    """A host company's answer to the yearly question whether (and how much) it hosts this school year."""

    class Answer(models.TextChoices):
        UNANSWERED = "", _("Not answered yet")
        YES = "yes", _("Yes, we will host")
        MAYBE = "maybe", _("Maybe")
        NOT_THIS_YEAR = "no", _("Not this year")
        OWN = "own", _("We already have our own arrangement")

    HOSTING = (Answer.YES, Answer.MAYBE)
    DECLINED = (Answer.NOT_THIS_YEAR, Answer.OWN)

    company = models.ForeignKey(
        Company, models.CASCADE, verbose_name=_("company"), related_name="yearly_host_answers"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The school year's first calendar year: 2026 for 2026/27.")
    )
    answer = models.CharField(_("will you host"), max_length=5, choices=Answer, blank=True)
    classes = models.PositiveSmallIntegerField(
        _("how many classes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    programmes = models.ManyToManyField(
        "partnerships.Programme", verbose_name=_("for which programmes"), related_name="+", blank=True
    )
    reason = models.TextField(_("why not"), blank=True)
    asked_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly host answer")
        verbose_name_plural = _("yearly host answers")
        ordering = ["-school_year", "company__name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "school_year"], name="hostanswer_unique_per_year"),
            models.CheckConstraint(
                condition=Q(classes__isnull=True) | Q(classes__gte=1, classes__lte=50),
                name="hostanswer_classes_1_to_50",
            ),
        ]

    def __str__(self):
        return f"{self.company} {self.school_year_label}: {self.get_answer_display()}"

    @property
    def school_year_label(self) -> str:
        return SchoolYear(self.school_year).label

    @property
    def declines(self) -> bool:
        """'Not this year' or 'own arrangement': the company stays out of this school year's outreach."""
        return self.answer in self.DECLINED

    @property
    def summary(self) -> str:
        """The answer in words, with the classes when the company will (maybe) host."""
        if not self.answer:
            return str(self.Answer.UNANSWERED.label)
        if self.classes and self.answer in self.HOSTING:
            return f"{self.get_answer_display()} ({self.classes})"
        return self.get_answer_display()
