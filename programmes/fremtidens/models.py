"""Sammen skaber vi fremtidens skole: teacher trainings, resource persons and the local school network."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brasite.lib.versioning import Versioned
from partnerships.models import Company, School, VisibleQuerySet


class SchoolRecordQuerySet(VisibleQuerySet):
    municipality_path = "school__municipality"


class TeacherTraining(Versioned):
    """A session in which a school's teachers were trained together."""

    school = models.ForeignKey(
        School, models.PROTECT, verbose_name=_("school"), related_name="teacher_trainings"
    )
    date = models.DateField(_("date"))
    teachers_trained = models.PositiveSmallIntegerField(
        _("teachers trained"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    subject_focus = models.CharField(
        _("subject focus"), max_length=200, help_text=_("For example: physics/chemistry and technology.")
    )

    history = HistoricalRecords()
    objects = SchoolRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher training session")
        verbose_name_plural = _("teacher training sessions")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.school} {self.date:%d.%m.%Y}"

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.school.municipality_id)


class ResourcePerson(Versioned):
    """A person who carries the network on locally (personal data: export and erase on request)."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="resource_persons",
    )
    role = models.CharField(_("role"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource person")
        verbose_name_plural = _("resource persons")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)


class NetworkMember(Versioned):
    """A company, organisation or association in a municipality's school network."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="network_members",
    )
    company = models.ForeignKey(
        Company,
        models.PROTECT,
        verbose_name=_("company, organisation or association"),
        related_name="network_memberships",
    )
    schools = models.ManyToManyField(School, verbose_name=_("linked schools"), related_name="network_members")
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[schools])
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["company__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "company"],
                name="networkmember_unique_per_municipality",
                violation_error_message=_("This member is already in the municipality's network."),
            ),
        ]

    def __str__(self):
        return str(self.company)

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)
