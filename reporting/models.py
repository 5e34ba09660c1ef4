"""Figures frozen at the end of each school year, and the version number that keeps cached figures fresh."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models import Municipality
from partnerships.schoolyears import SchoolYear


class FrozenFigure(models.Model):
    """A municipality's goal figures for a school year as they stood when the year was closed (after
    31 July): what was reported. Later corrections change the live figures, never these."""

    school_year = models.PositiveSmallIntegerField(_("school year"))
    municipality = models.ForeignKey(
        "partnerships.Municipality", models.PROTECT, verbose_name=_("municipality"), related_name="+"
    )
    goal = models.PositiveSmallIntegerField(_("goal"))
    counting_at_start = models.PositiveIntegerField(_("counting on 1 August"))
    counting_at_end = models.PositiveIntegerField(_("counting on 31 July"))
    # The agreements counted on 31 July, so that a later correction can be listed agreement by agreement.
    agreement_ids = models.JSONField(_("agreements counted"), default=list, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"))

    class Meta:
        verbose_name = _("frozen school-year figure")
        verbose_name_plural = _("frozen school-year figures")
        ordering = ["-school_year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "municipality"], name="frozenfigure_once_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.municipality} {SchoolYear(self.school_year).label}"

    @property
    def goal_met(self) -> bool:
        return Municipality.goal_status_of(self.counting_at_end, self.goal) == Municipality.GoalStatus.MET


class FrozenProgrammeFigure(models.Model):
    """The frozen figures of one programme (or of agreements without one) in a municipality's year."""

    figure = models.ForeignKey(
        FrozenFigure, models.CASCADE, verbose_name=_("frozen figure"), related_name="programmes"
    )
    programme = models.ForeignKey(
        "partnerships.Programme",
        models.PROTECT,
        verbose_name=_("programme"),
        related_name="+",
        null=True,
        blank=True,
    )
    counting_at_start = models.PositiveIntegerField(_("counting on 1 August"))
    counting_at_end = models.PositiveIntegerField(_("counting on 31 July"))

    class Meta:
        verbose_name = _("frozen programme figure")
        verbose_name_plural = _("frozen programme figures")
        ordering = ["figure", "programme__name"]

    def __str__(self):
        return f"{self.figure}: {self.programme or '–'}"


class FiguresVersion(models.Model):
    """One row whose number goes up in the same transaction as any change to what the figures are made
    of; cached figures are keyed by it, so no process serves a figure older than a committed change."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")
        ordering = ["pk"]

    def __str__(self):
        return str(self.value)
