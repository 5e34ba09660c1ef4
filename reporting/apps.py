from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Cached figures and pages are made of every model of the portal's own apps: a save, delete or change of
# relations of any of them makes them old (figures_cache.py). Except these, which no page shows: logs, and
# rows that anonymous requests write (a flood of them must not empty the cache).
CACHE_SOURCE_APPS = ["partnerships", "hosting", "programmes", "imports", "privacy", "reporting", "reminders"]
NOT_SHOWN = {
    "partnerships.RateLimitHit",
    "reminders.SentReminder",
    "imports.ImportRun",
    "reporting.FiguresVersion",
}


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Progress and reports")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from simple_history.models import HistoricalChanges

        from brasite.lib.admin import name_link_rows
        from partnerships.signals import bulk_saved

        from .figures_cache import bump_figures_version, bump_on_relations

        # Signals rather than calls in each view: forms, the admin, imports and commands all save these.
        for name in CACHE_SOURCE_APPS:
            for model in apps.get_app_config(name).get_models():
                label = model._meta.label
                if label in NOT_SHOWN or issubclass(model, HistoricalChanges):
                    continue  # a history row is written with its record, which moves the version
                uid = f"figures-{label}"
                post_save.connect(bump_figures_version, sender=model, dispatch_uid=f"{uid}-save")
                post_delete.connect(bump_figures_version, sender=model, dispatch_uid=f"{uid}-delete")
                for field in model._meta.local_many_to_many:
                    through = field.remote_field.through
                    m2m_changed.connect(bump_on_relations, sender=through, dispatch_uid=f"{uid}-{field.name}")
        bulk_saved.connect(bump_figures_version, dispatch_uid="figures-bulk")
        name_link_rows(self)
