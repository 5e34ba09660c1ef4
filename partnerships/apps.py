from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from django.contrib import admin
        from simple_history.signals import pre_create_historical_record

        from brasite.lib import lookups  # noqa: F401  (registers the range-safe `__in` lookup)
        from brasite.lib.admin import bound_date_hierarchies, name_link_rows
        from brasite.lib.history import no_missing_reason

        # django.contrib.admin, first in INSTALLED_APPS, has registered every admin by now.
        bound_date_hierarchies(admin.site)
        name_link_rows(self)
        pre_create_historical_record.connect(no_missing_reason)
        # django-axes names its admin section "Axes", in no language.
        apps.get_app_config("axes").verbose_name = _("Login attempts")
