"""Counted requests for the rate limits of public forms."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitHit(models.Model):
    """One counted request for a rate limit; the client's address is kept only as a keyed hash."""

    scope = models.CharField(_("scope"), max_length=50)
    key = models.CharField(_("key"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rate-limit hit")
        verbose_name_plural = _("rate-limit hits")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="ratelimithit_lookup")]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
