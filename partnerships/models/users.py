"""People who log in: coordinators, regional viewers, company contacts and administrators."""

import unicodedata

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from brasite.lib.versioning import Versioned

from .groups import MunicipalityGroup
from .municipalities import Municipality, MunicipalityQuerySet


def normalize_login(value) -> str:
    """The one spelling of a login address, as login matches it: NFKC, no surrounding spaces, any case.

    The lockout (django-axes) counts failures under this spelling too, so no variant gets extra guesses.
    """
    return unicodedata.normalize("NFKC", str(value or "")).strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalize_login(username))


class User(Versioned, AbstractUser):
    """A person who logs in with an email address; the role says what they may see and change."""

    class Role(models.TextChoices):
        NONE = "", _("No role")
        COORDINATOR = "coordinator", _("Municipal coordinator")
        VIEWER = "viewer", _("Regional viewer")
        COMPANY = "company", _("Company contact")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.NONE, blank=True)
    municipalities = models.ManyToManyField(
        "Municipality",
        verbose_name=_("coordinated municipalities"),
        related_name="coordinators",
        blank=True,
    )
    viewer_groups = models.ManyToManyField(
        "MunicipalityGroup",
        verbose_name=_("followed groups of municipalities"),
        related_name="viewers",
        blank=True,
        help_text=_(
            "For regional viewers: the groups whose municipalities they follow. None: the default group."
        ),
    )
    company = models.ForeignKey(
        "Company",
        models.SET_NULL,
        verbose_name=_("company"),
        related_name="users",
        null=True,
        blank=True,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_regional_viewer(self) -> bool:
        return self.role == self.Role.VIEWER

    @property
    def is_company_user(self) -> bool:
        return self.role == self.Role.COMPANY and self.company_id is not None

    @property
    def sees_all_municipalities(self) -> bool:
        """Administrators read every municipality; a regional viewer reads only those of their groups."""
        return self.is_staff

    @property
    def has_role(self) -> bool:
        return self.is_staff or self.is_regional_viewer or self.is_coordinator or self.is_company_user

    @cached_property
    def coordinated_municipality_ids(self) -> frozenset[int]:
        if not self.is_coordinator:
            return frozenset()
        return frozenset(self.municipalities.values_list("pk", flat=True))

    @cached_property
    def visible_municipality_ids(self) -> frozenset[int]:
        """The municipalities whose data the user may read, for everyone but administrators (who read all):
        a coordinator's own; a regional viewer's groups' (the default group's while they follow none, so
        a viewer never sees everything by accident); nothing for other roles."""
        if self.is_regional_viewer:
            followed = self.viewer_groups.all()
            if followed.exists():
                found = Municipality.objects.filter(municipality_groups__in=followed)
            else:  # the default group's; every served one while no group is set up
                found = Municipality.objects.in_group(MunicipalityGroup.objects.default())
            return frozenset(found.values_list("pk", flat=True))
        return self.coordinated_municipality_ids

    def visible_municipalities(self) -> MunicipalityQuerySet:
        """The municipalities whose data this user may read."""
        if self.sees_all_municipalities:
            return Municipality.objects.served()
        return Municipality.objects.filter(pk__in=self.visible_municipality_ids)

    @property
    def may_edit(self) -> bool:
        """Whether the role may create and change records at all (in its municipalities)."""
        return self.is_staff or self.is_coordinator

    def editable_municipalities(self) -> MunicipalityQuerySet:
        """The municipalities in which the user may create and change records."""
        if self.is_staff:
            return Municipality.objects.served()
        return Municipality.objects.filter(pk__in=self.coordinated_municipality_ids)

    def can_edit_in(self, municipality_id: int) -> bool:
        """Whether the user may change data belonging to the municipality."""
        return self.is_staff or municipality_id in self.coordinated_municipality_ids
