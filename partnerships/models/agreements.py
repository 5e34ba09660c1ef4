"""Cooperation agreements between a school and a company, and the one goal-counting rule."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import Company, ContactPerson, School
from .visibility import VisibleQuerySet


class AgreementQuerySet(VisibleQuerySet):
    municipality_path = "school__municipality"
    company_path = "company"

    def counting(self, on: datetime.date | None = None):
        """Agreements that count toward their municipality's goal on the date (default today)."""
        return self.filter(CooperationAgreement.counting_q(on or timezone.localdate()))

    def in_status(self, status: str, today: datetime.date | None = None):
        """Agreements whose status as shown (`display_status`) is `status`: an active agreement whose end
        date has passed shows as ended."""
        return self.filter(CooperationAgreement.status_q(status, today or timezone.localdate()))

    def first_start_date(self) -> datetime.date | None:
        """The earliest start date of these agreements (where the trend over school years begins)."""
        return self.aggregate(first=Min("start_date"))["first"]

    @staticmethod
    def _figures(on: datetime.date, since: datetime.date | None, *, distinct: bool = True) -> dict:
        rule = CooperationAgreement.counting_q(on)
        today = timezone.localdate()
        figures = {
            "total": Count("pk"),
            "counting": Count("pk", filter=rule),
            **(
                {
                    "schools": Count("school", filter=rule, distinct=True),
                    "companies": Count("company", filter=rule, distinct=True),
                }
                if distinct
                else {}
            ),
            **{
                status.value: Count("pk", filter=CooperationAgreement.status_q(status, today))
                for status in CooperationAgreement.Status
            },
        }
        if since is not None:
            figures["counting_since"] = Count("pk", filter=CooperationAgreement.counting_q(since))
        return figures

    def figures(self, *, on: datetime.date, since: datetime.date | None = None) -> dict:
        """Agreements counting on the date (and on `since`), and how many have each status now.

        `counting` and `counting_since` follow the goal-counting rule; the status figures count every
        agreement by its status as shown today (`display_status`); `schools` and `companies` are those with
        a counting agreement.
        """
        return self.aggregate(**self._figures(on, since))

    def figures_by(self, *fields: str, on: datetime.date, since: datetime.date | None = None) -> list[dict]:
        """`figures` with one row per value of `fields` (e.g. per programme), in two queries."""
        rows = self.figure_rows(*fields, on=on, since=since)
        parties = self.parties_by(*fields, on=on)
        for row in rows:
            row.update(parties.get(tuple(row[f] for f in fields), NO_PARTIES))
        return rows

    def figures_by_with_total(
        self, *fields: str, on: datetime.date, since: datetime.date | None = None
    ) -> tuple[list[dict], dict]:
        """`figures_by`, and `figures` of all these agreements, in three queries: the sums of the rows, and
        each school and company counted once however many rows it is in."""
        rows = self.figures_by(*fields, on=on, since=since)
        total = {name: sum(row[name] for row in rows) for name in self._figures(on, since, distinct=False)}
        total.update(self.filter(CooperationAgreement.counting_q(on)).aggregate(**PARTIES))
        return rows, total

    def figure_rows(
        self, *fields: str, on: datetime.date, since: datetime.date | None = None, **more
    ) -> list[dict]:
        """`figures` per value of `fields` in one grouped query, without the schools and companies (which
        do not add up over rows): rows that can be summed up in several ways (e.g. per municipality, per
        kind of school and per programme from one pass). `more` adds further aggregates to the pass."""
        summed = self._figures(on, since, distinct=False)
        return list(self.order_by().values(*fields).annotate(**summed, **more).order_by(*fields))

    def parties_by(self, *fields: str, on: datetime.date) -> dict[tuple, dict]:
        """Per value of `fields`: the schools and the companies with an agreement counting on the date,
        each counted once. One query; only the counting agreements are sorted for the distinct counts."""
        rows = self.filter(CooperationAgreement.counting_q(on)).order_by().values(*fields).annotate(**PARTIES)
        return {tuple(row.pop(f) for f in fields): row for row in rows}


# The schools and companies among agreements, each once (`parties_by`), and what a row without any has.
PARTIES = {"schools": Count("school", distinct=True), "companies": Count("company", distinct=True)}
NO_PARTIES = {"schools": 0, "companies": 0}

# What `counting_q` reads of an agreement, the pk that counts it and the other party (for distinct counts).
IN_FORCE_COLUMNS = ["id", "status", "start_date", "end_date", "programme"]


class CooperationAgreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    # Agreed: signed and in force between its start and end dates (ended ones keep counting up to their end).
    AGREED = (Status.ACTIVE, Status.ENDED)

    # Indexed by the covering indexes in Meta, which the counts read without visiting the table.
    school = models.ForeignKey(
        School, models.PROTECT, verbose_name=_("school"), related_name="agreements", db_index=False
    )
    company = models.ForeignKey(
        Company, models.PROTECT, verbose_name=_("company"), related_name="agreements", db_index=False
    )
    programme = models.ForeignKey(
        "partnerships.Programme",
        models.PROTECT,
        verbose_name=_("programme"),
        related_name="agreements",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    activities = models.TextField(
        _("activities"), blank=True, help_text=_("What the school and company do together.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    contact_persons = models.ManyToManyField(
        ContactPerson, verbose_name=_("contact persons"), related_name="agreements", blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("created by"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("updated by"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[contact_persons])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-start_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(end_date__isnull=False),
                name="agreement_ended_has_end_date",
                violation_error_message=_("An ended agreement needs its end date."),
            ),
        ]
        indexes = [
            # Counting over all agreements by status and dates (the counts per day, the figures by programme,
            # the frozen years' corrections): an index-only scan instead of reading every wide row.
            models.Index(
                fields=["status", "start_date", "end_date"],
                include=["id", "school", "company", "programme"],
                name="agreement_in_force",
            ),
            # The list's default order (newest start first): a page of 25 reads 25 rows.
            models.Index(F("start_date").desc(), F("created_at").desc(), name="agreement_list_order"),
            # The drafts per municipality (the overview): a few rows, not every agreement of every school.
            models.Index(fields=["school"], condition=Q(status="draft"), name="agreement_drafts"),
            # Counting per municipality, school or company: an index-only scan on PostgreSQL.
            models.Index(
                fields=["school"], include=[*IN_FORCE_COLUMNS, "company"], name="agreement_school_in_force"
            ),
            models.Index(
                fields=["company"], include=[*IN_FORCE_COLUMNS, "school"], name="agreement_company_in_force"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement_detail", args=[self.pk])

    @property
    def municipality(self):
        return self.school.municipality

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.school.municipality_id)

    @staticmethod
    def counting_q(on: datetime.date, prefix: str = "") -> Q:
        """The one goal-counting rule: in force on the date, i.e. agreed (active, or since ended) and the
        date between its start and end dates, both included (an open end never ends).

        Ending an agreement sets its end date, so days up to it keep their figures; cancelled agreements
        and drafts never count. Which programmes count is configured (`GOAL_PROGRAMME_SLUGS`, empty: all).
        The Python twin is `counts_on`. It is `agreed_q` and `dates_q`, which a count over many days
        applies once and once per day.
        """
        return CooperationAgreement.agreed_q(prefix) & CooperationAgreement.dates_q(on, on, prefix)

    @staticmethod
    def agreed_q(prefix: str = "") -> Q:
        """The part of `counting_q` that does not depend on the date."""
        rule = Q(**{f"{prefix}status__in": CooperationAgreement.AGREED})
        if settings.GOAL_PROGRAMME_SLUGS:
            rule &= Q(**{f"{prefix}programme__slug__in": settings.GOAL_PROGRAMME_SLUGS})
        return rule

    @staticmethod
    def dates_q(first: datetime.date, last: datetime.date, prefix: str = "") -> Q:
        """The dates part of `counting_q`: in force on some day from `first` to `last` (on `first` when
        they are the same day)."""
        return Q(**{f"{prefix}start_date__lte": last}) & (
            Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": first})
        )

    def counts_on(self, on: datetime.date) -> bool:
        """`counting_q` for one agreement in Python (the two are tested to agree)."""
        programme_ok = not settings.GOAL_PROGRAMME_SLUGS or (
            self.programme is not None and self.programme.slug in settings.GOAL_PROGRAMME_SLUGS
        )
        return (
            programme_ok
            and self.status in self.AGREED
            and self.start_date <= on
            and (self.end_date is None or self.end_date >= on)
        )

    @staticmethod
    def status_q(status: str, today: datetime.date, prefix: str = "") -> Q:
        """Agreements whose `display_status` on `today` is `status` (the SQL twin of `display_status`)."""
        past_end = Q(**{f"{prefix}end_date__lt": today})
        if status == CooperationAgreement.Status.ENDED:
            return Q(**{f"{prefix}status": status}) | (Q(**{f"{prefix}status": "active"}) & past_end)
        if status == CooperationAgreement.Status.ACTIVE:
            return Q(**{f"{prefix}status": status}) & ~past_end
        return Q(**{f"{prefix}status": status})

    def display_status(self, today: datetime.date | None = None) -> str:
        """The status as shown: an active agreement whose end date has passed has ended (no job needed)."""
        today = today or timezone.localdate()
        if self.status == self.Status.ACTIVE and self.end_date is not None and self.end_date < today:
            return self.Status.ENDED
        return self.status

    def get_status_display(self) -> str:
        return self.Status(self.display_status()).label

    @property
    def has_ended(self) -> bool:
        return self.display_status() == self.Status.ENDED


class AgreementTransition(models.Model):
    """One status change of an agreement: from, to, when, who, why, and the end date before and after,
    so that it can be shown and undone. Written only by `partnerships.services`."""

    agreement = models.ForeignKey(
        CooperationAgreement, models.CASCADE, verbose_name=_("agreement"), related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=CooperationAgreement.Status)
    to_status = models.CharField(_("to"), max_length=10, choices=CooperationAgreement.Status)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("by"),
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"), blank=True)
    previous_end_date = models.DateField(_("end date before"), null=True, blank=True)
    end_date = models.DateField(_("end date after"), null=True, blank=True)
    undoes = models.OneToOneField(
        "self",
        models.CASCADE,
        verbose_name=_("undoes"),
        related_name="undone_by",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.agreement}: {self.get_from_status_display()} → {self.get_to_status_display()}"
