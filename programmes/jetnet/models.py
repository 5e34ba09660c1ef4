"""Jet-Net: the outreach activities of the project's three steps toward cooperation agreements."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brasite.lib.versioning import Versioned
from partnerships.models import VisibleQuerySet


class OutreachActivity(Versioned):
    """A Jet-Net outreach activity in one of the project's three steps."""

    class Step(models.IntegerChoices):
        BUSINESS = 1, _("Step 1: business councils and business departments")
        LEADERS = 2, _("Step 2: school leaders and leaders of youth educations")
        AGREEMENTS = 3, _("Step 3: support for youth educations entering agreements")

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="outreach_activities",
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=Step)
    date = models.DateField(_("date"))
    audience = models.CharField(
        _("audience"),
        max_length=200,
        help_text=_("For example: Horsens Erhvervsråd, school leaders' meeting."),
    )
    reached = models.PositiveIntegerField(
        _("number reached"), default=0, validators=[MaxValueValidator(100_000)]
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__in=[1, 2, 3]), name="outreachactivity_step_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.audience} ({self.date:%d.%m.%Y})"

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)
