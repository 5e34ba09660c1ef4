"""An uploaded file between its preview and its import, and afterwards the record of who imported what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        INSTITUTIONS = "institutions", _("Schools from the institution register")
        SCHOOLS = "schools", _("Schools")
        COMPANIES = "companies", _("Companies and contact persons")
        AGREEMENTS = "agreements", _("Cooperation agreements")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    # The file itself only until it is imported or abandoned: it may hold contact persons' details.
    content = models.BinaryField(_("content"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("uploaded by"),
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"
