"""The five regions of Denmark and the groups of municipalities a portal serves (a business region, a
regional partnership, ...): a group is data, edited in the admin.

The names of the portal, the group and the organisation responsible for the data come from here and from
settings, never from translated strings.
"""

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..fields import HttpsURLField, four_digits


class Region(models.Model):
    code = models.CharField(_("region code"), max_length=4, unique=True, validators=[four_digits])
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name


class MunicipalityGroupQuerySet(models.QuerySet):
    def default(self) -> "MunicipalityGroup | None":
        """The group shown where no group is chosen: the one marked default, else the first."""
        return self.order_by("-is_default", "name").first()


class MunicipalityGroup(models.Model):
    """Municipalities that pursue the goal together, with the organisation that runs their portal."""

    name = models.CharField(
        _("name"), max_length=200, unique=True, help_text=_("E.g. the name of a business region.")
    )
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("E.g. an abbreviation; empty: the name.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipalities = models.ManyToManyField(
        "partnerships.Municipality",
        verbose_name=_("municipalities"),
        related_name="municipality_groups",
        blank=True,
    )
    is_default = models.BooleanField(
        _("default group"), default=False, help_text=_("Shown where no group is chosen.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Who the group is, for the start page (optional).")
    )
    organisation_name = models.CharField(
        _("responsible organisation"),
        max_length=200,
        help_text=_("Runs the portal for the group: the data controller in the privacy notice."),
    )
    organisation_address = models.CharField(_("organisation's address"), max_length=300, blank=True)
    organisation_email = models.EmailField(_("organisation's email"), blank=True)
    organisation_phone = models.CharField(_("organisation's phone"), max_length=30, blank=True)
    organisation_website = HttpsURLField(_("organisation's website"), blank=True)
    email_sender_name = models.CharField(
        _("email sender name"),
        max_length=100,
        blank=True,
        help_text=_("The name emails are sent from; empty: the portal's name."),
    )
    email_signature = models.TextField(
        _("email signature"), blank=True, help_text=_("Closes every email; empty: the portal's name.")
    )

    objects = MunicipalityGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group of municipalities")
        verbose_name_plural = _("groups of municipalities")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="municipalitygroup_one_default",
                violation_error_message=_("Only one group can be the default group."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @cached_property
    def municipality_count(self) -> int:
        return self.municipalities.count()
