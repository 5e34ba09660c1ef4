from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from django.contrib import admin

        from brasite.lib import lookups  # noqa: F401  (registers the range-safe `__in` lookup)
        from brasite.lib.admin import bound_date_hierarchies

        # django.contrib.admin, first in INSTALLED_APPS, has registered every admin by now.
        bound_date_hierarchies(admin.site)
