from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostingConfig(AppConfig):
    name = "hosting"
    verbose_name = _("Host companies")

    def ready(self):
        from brasite.lib.admin import name_link_rows

        name_link_rows(self)
