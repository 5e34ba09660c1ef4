"""Admin pieces every app's admin uses."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


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
