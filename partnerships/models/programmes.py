"""The programmes (HOP-IN, Jet-Net, Fremtidens skole, ...) and which municipalities take part in them.

They live in the core because agreements and companies refer to them and the goal rule may count by them;
each programme's own records are in the `programmes` app.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..fields import HttpsURLField


class ProgrammeQuerySet(models.QuerySet):
    def of_kind(self, work_kind: str) -> "Programme | None":
        """The programme whose work is recorded in that tool, whatever its slug (the oldest of several)."""
        return self.filter(work_kind=work_kind).order_by("pk").first()


class Programme(models.Model):
    class WorkKind(models.TextChoices):
        """Which of the portal's tools the programme's work is recorded in (data, not its slug)."""

        NONE = "", _("Agreements only")
        HOPIN = "hop-in", _("HOP-IN week planner")
        JETNET = "jet-net", _("Outreach in three steps (Jet-Net)")
        FREMTIDENS = "fremtidens-skole", _("Teacher training and resource persons")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    work_kind = models.CharField(
        _("kind of work"),
        max_length=20,
        choices=WorkKind,
        blank=True,
        help_text=_("The tool the programme's work is recorded in."),
    )
    short_description = models.TextField(_("short description (Danish)"), blank=True)
    short_description_en = models.TextField(_("short description (English)"), blank=True)
    coordinator = models.CharField(_("coordinating organisation"), max_length=200, blank=True)
    funder = models.CharField(_("funder"), max_length=300, blank=True)
    funding_dkk = models.PositiveBigIntegerField(_("funding (DKK)"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    website = HttpsURLField(_("website"), blank=True)
    municipalities = models.ManyToManyField(
        "partnerships.Municipality",
        through="ProgrammeParticipation",
        verbose_name=_("participating municipalities"),
        related_name="programmes",
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        db_table = "programmes_programme"  # the table from before the model moved into the core
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="programme_end_year_not_before_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", args=[self.slug])

    @property
    def description(self) -> str:
        """The short description in the active language (Danish when no English text is given)."""
        if (get_language() or "da").startswith("en") and self.short_description_en:
            return self.short_description_en
        return self.short_description


class ProgrammeParticipation(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PILOT = "pilot", _("Pilot")
        ACTIVE = "active", _("Active")
        EVALUATING = "evaluating", _("Evaluating")
        ENDED = "ended", _("Ended")

    programme = models.ForeignKey(
        Programme, models.CASCADE, verbose_name=_("programme"), related_name="participations"
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="participations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    from_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        db_table = "programmes_programmeparticipation"
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        ordering = ["programme__name", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"],
                name="participation_unique_programme_municipality",
                violation_error_message=_("This municipality already takes part in this programme."),
            ),
            models.CheckConstraint(
                condition=Q(to_year__isnull=True)
                | Q(from_year__isnull=True)
                | Q(to_year__gte=F("from_year")),
                name="participation_to_year_not_before_from_year",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.programme}"
