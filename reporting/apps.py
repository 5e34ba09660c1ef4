from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the figures are made of: a save or delete of any of these makes cached figures old.
FIGURE_SOURCES = [
    "partnerships.CooperationAgreement",
    "partnerships.SchoolYearGoal",
    "partnerships.Municipality",
    "partnerships.School",
    "partnerships.Company",
    "partnerships.Programme",
    "partnerships.ProgrammeParticipation",
    "reporting.FrozenFigure",
    "reporting.FrozenProgrammeFigure",
]


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Progress and reports")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .figures_cache import bump_figures_version

        # Signals rather than calls in each view: forms, the admin, imports and commands all save these.
        for label in FIGURE_SOURCES:
            model = apps.get_model(label)
            post_save.connect(bump_figures_version, sender=model, dispatch_uid=f"figures-{label}-save")
            post_delete.connect(bump_figures_version, sender=model, dispatch_uid=f"figures-{label}-delete")
