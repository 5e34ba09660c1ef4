"""Admin pieces every app's admin uses."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class BoundedChangeList(ChangeList):
    """The date hierarchy's year, month and day from the URL, refused politely when out of range
    (`?start_date__year=99999999999`): the admin shows the list with its "invalid filter" notice."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class BoundedChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return BoundedChangeList


def bound_date_hierarchies(site: admin.AdminSite) -> None:
    """Give every registered admin with a date hierarchy (also those of packages) the bounded list."""
    for model, model_admin in list(site._registry.items()):
        if model_admin.date_hierarchy and not isinstance(model_admin, BoundedChangeListMixin):
            bounded = type(type(model_admin).__name__, (BoundedChangeListMixin, type(model_admin)), {})
            site.unregister(model)
            site.register(model, bounded)


def link_row_str(link) -> str:
    left, right = link._link_ends
    return f"{getattr(link, left)} – {getattr(link, right)}"


def name_link_rows(app_config) -> None:
    """Readable names for the rows Django generates for an app's many-to-many fields (the admin would say
    "Company_programmes_of_interest object (47)", e.g. on a delete page): "<left> – <right>"."""
    for model in app_config.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            names = {"model": model._meta.verbose_name, "field": field.verbose_name}
            through._meta.verbose_name = format_lazy(_("link {model} – {field}"), **names)
            names["model"] = model._meta.verbose_name_plural
            through._meta.verbose_name_plural = format_lazy(_("links {model} – {field}"), **names)
            through._link_ends = (field.m2m_field_name(), field.m2m_reverse_field_name())
            through.__str__ = link_row_str
