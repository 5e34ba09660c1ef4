import django_filters
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .forms import with_municipality
from .models import Company, CooperationAgreement, Municipality, Programme, School, VisibleQuerySet
from .schoolyears import SchoolYear
from .widgets import SearchSelect


def in_municipality(request, queryset, path: str = "municipality"):
    """A list narrowed to the municipality chosen (`?municipality=<slug>`) among those the user sees,
    and the context for `includes/_municipality_choice.html`."""
    user = request.user
    if not user.sees_all_municipalities and len(user.visible_municipality_ids) < 2:
        return queryset, {"municipalities": [], "municipality": None}  # nothing to choose between
    municipalities = user.visible_municipalities()
    slug = request.GET.get("municipality", "")[:100]
    chosen = municipalities.filter(slug=slug).first() if slug else None
    if chosen is not None and isinstance(queryset, VisibleQuerySet):
        queryset = queryset.in_municipalities([chosen])  # companies: also those with a unit there
    elif chosen is not None:
        queryset = queryset.filter(**{path: chosen})
    return queryset, {"municipalities": municipalities, "municipality": chosen}


def school_year_choices():
    current = SchoolYear.current()
    return [(str(year.start_year), year.label) for year in reversed(current.previous(8))]


def filterable_schools(user):
    """The schools the agreement list can be narrowed to: those the user sees."""
    return School.objects.visible_to(user)


def filterable_companies(user):
    """The companies the agreement list can be narrowed to: those with an agreement the user sees."""
    return Company.objects.filter(
        Exists(CooperationAgreement.objects.visible_to(user).filter(company=OuterRef("pk")))
    ).select_related("municipality")


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    status = django_filters.ChoiceFilter(
        choices=CooperationAgreement.Status.choices, method="in_status", label=_("Status")
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(),
        field_name="school__municipality",
        to_field_name="slug",
        label=_("Municipality"),
    )
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all(), label=_("Programme"))
    school = django_filters.ModelChoiceFilter(
        queryset=School.objects.none(), label=_("School"), widget=SearchSelect
    )
    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.none(), label=_("Company"), widget=SearchSelect
    )
    school_year = django_filters.ChoiceFilter(
        choices=school_year_choices, method="in_school_year", label=_("School year")
    )
    ordering = django_filters.OrderingFilter(
        fields=[
            ("title", "title"),
            ("school__name", "school"),
            ("company__name", "company"),
            ("status", "status"),
            ("start_date", "start_date"),
            ("end_date", "end_date"),
        ],
        label=_("Sort by"),
    )

    class Meta:
        model = CooperationAgreement
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].queryset = user.visible_municipalities()
        self.filters["school"].queryset = filterable_schools(user)
        self.filters["company"].queryset = filterable_companies(user)
        # Long lists: the page carries the chosen row and what a search found (partnerships/widgets.py).
        data = self.data or {}
        for name, kind, fields in (
            ("school", "schools", ("name",)),
            ("company", "companies", ("name", "cvr")),
        ):
            widget = self.form.fields[name].widget
            widget.rows = self.filters[name].queryset
            widget.url = reverse("partnerships:agreement_choices", args=[f"filter-{kind}"])
            widget.query = str(data.get(f"{name}_q", ""))[:100].strip()
            widget.search_fields = fields
            widget.label_of = with_municipality

    def in_status(self, queryset, name, value):
        """By the status as shown: an agreement whose end date has passed is ended."""
        return queryset.in_status(value)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(activities__icontains=value)
            | Q(school__name__icontains=value)
            | Q(company__name__icontains=value)
            | Q(company__cvr__icontains=value)
            | Exists(
                CooperationAgreement.contact_persons.through.objects.filter(
                    cooperationagreement=OuterRef("pk"), contactperson__name__icontains=value
                )
            )
        )

    def in_school_year(self, queryset, name, value):
        """Agreements running at some point in the school year."""
        year = SchoolYear(int(value))
        return queryset.filter(start_date__lte=year.last_day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=year.first_day)
        )
