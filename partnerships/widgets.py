"""Choice fields with thousands of rows: the page carries only a few options and a search.

The field keeps its whole (scoped) queryset, so validation accepts exactly what the user may pick; the
widget renders only the chosen rows and, for a search typed without JavaScript, the first matches. With
JavaScript, static/js/autocomplete.js turns it into a combobox that asks the search endpoint as you type.
A short list stays a plain select.
"""

from django import forms
from django.db.models import Q

from brasite.lib.digits import int_or_none

# Up to this many rows a select lists them all; past it, it lists what was chosen and what a search found.
SHORT_LIST = 50
MATCHES = 20
# The name of the no-JavaScript Find buttons: a form sent with it searches a list and is shown again, unsaved.
FIND = "_find"


class SearchSelectMixin:
    """Set by the form: `rows` (the field's queryset), `search_fields`, `url` (the search endpoint),
    `query` (text searched for without JavaScript) and `label_of` (an option's text)."""

    template_name = "partnerships/widgets/search_select.html"
    rows = None
    search_fields: tuple[str, ...] = ("name",)
    url = ""
    query = ""
    # A Q of rows listed even in a long list (the contact persons of the chosen school and company).
    extra = None

    def label_of(self, obj) -> str:
        return str(obj)

    def is_long(self) -> bool:
        return self.rows is not None and self.rows.order_by()[: SHORT_LIST + 1].count() > SHORT_LIST

    def listed(self, selected: list[str], long: bool):
        rows = self.rows
        if not long:
            return list(rows)
        wanted = Q(pk__in=[pk for pk in map(int_or_none, selected) if pk is not None])
        if self.extra is not None:
            wanted |= self.extra
        listed = list(rows.filter(wanted))
        if self.query:
            found = Q()
            for field in self.search_fields:
                found |= Q(**{f"{field}__icontains": self.query})
            listed += rows.filter(found).exclude(wanted)[:MATCHES]
        return listed

    def get_context(self, name, value, attrs):
        self._long = self.is_long()
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            long=self._long,
            url=self.url,
            query=self.query,
            search_name=f"{name}_q",
            find_name=FIND,
            matches=MATCHES,
        )
        return context

    def optgroups(self, name, value, attrs=None):
        selected = [str(v) for v in value if v not in (None, "")]
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", self.empty_label, not selected, 0))
        for index, obj in enumerate(self.listed(selected, self._long), start=1):
            chosen = str(obj.pk) in selected
            options.append(self.create_option(name, obj.pk, self.label_of(obj), chosen, index))
        return [(None, options, 0)]


class SearchSelect(SearchSelectMixin, forms.Select):
    empty_label = "---------"


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    empty_label = ""
