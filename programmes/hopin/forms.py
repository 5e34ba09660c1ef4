"""Forms of a HOP-IN week and its classes: the week, a class with its wishes, pasted classes, class counts.

The forms of the hosts, tutor offers, placements and the plan run are in `placement_forms`.
"""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brasite.lib.digits import is_digits
from brasite.lib.versioning import VersionedModelForm
from partnerships.forms import DATE_INPUT
from partnerships.models import Company, School, User
from partnerships.schoolyears import SchoolYear

from .models import ClassCount, HopInWeek, SchoolClass


def school_year_choices(current: int | None = None) -> list[tuple[int, str]]:
    """Last year, this year and the next two school years (and the week's own year when editing)."""
    years = {SchoolYear.current().start_year + offset for offset in (-1, 0, 1, 2)}
    if current:
        years.add(current)
    return [(year, SchoolYear(year).label) for year in sorted(years)]


class HopInWeekForm(VersionedModelForm):
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)

    class Meta:
        model = HopInWeek
        fields = ["school_year", "starts_on", "ends_on", "grade", "coordinator", "coordinator_phone"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = school_year_choices(self.instance.school_year)
        if not self.instance.pk:
            # Weeks are planned ahead: a new week is for the coming school year.
            self.initial["school_year"] = SchoolYear.current().start_year + 1
        self.fields["coordinator"].queryset = User.objects.filter(
            role=User.Role.COORDINATOR, municipalities=self.instance.municipality_id, is_active=True
        ).order_by("first_name", "last_name", "email")
        self.fields["coordinator"].label_from_instance = lambda user: user.get_full_name() or user.email

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("school_year")
        weeks = HopInWeek.objects.filter(municipality=self.instance.municipality_id, school_year=year)
        if year and weeks.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "school_year", _("This municipality already has a HOP-IN week in this school year.")
            )
        return cleaned


def wish_queryset(week: HopInWeek):
    """Companies a class may wish: the week's hosts and the approved hosts present in the municipality."""
    present = Company.objects.approved_hosts().in_municipalities([week.municipality_id]).values("pk")
    return (
        Company.objects.filter(Q(hopin_hostings__week=week) | Q(pk__in=present)).distinct().order_by("name")
    )


class SchoolClassForm(VersionedModelForm):
    class Meta:
        model = SchoolClass
        fields = ["school", "name", "pupils", "wish_1", "wish_2", "wish_3"]

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.week = week
        self.fields["school"].queryset = School.objects.primary().filter(municipality=week.municipality_id)
        for name in ("wish_1", "wish_2", "wish_3"):
            self.fields[name].queryset = wish_queryset(week)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        wishes = [cleaned.get(name) for name in ("wish_1", "wish_2", "wish_3") if cleaned.get(name)]
        if len(wishes) != len(set(wishes)):
            self.add_error("wish_2" if cleaned.get("wish_2") else "wish_3", _("Wish each host only once."))
        school, name = cleaned.get("school"), cleaned.get("name")
        if school and name:
            same = SchoolClass.objects.filter(
                school=school, school_year=self.week.school_year, name__iexact=name
            )
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "name", _("This school already has a class with this name in this school year.")
                )
        return cleaned

    def save(self, commit=True):
        self.instance.school_year = self.week.school_year
        if not self.instance.pk:
            self.instance.grade = self.week.grade
        return super().save(commit)


SEPARATORS = re.compile(r"[;\t]")
HEADER = ("skole", "klasse", "elever")


class ClassPasteForm(forms.Form):
    """Classes pasted or uploaded as `Skole;Klasse;Elever` (or, for one chosen school, `Klasse;Elever`).

    Every line is checked like a form field; when any line is wrong nothing is added and each error names
    its line.
    """

    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("Only when every line is a class of this school; leave empty for “Skole;Klasse;Elever”."),
    )
    lines = forms.CharField(
        label=_("Classes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        required=False,
        help_text=_(
            "One class per line as “school; class; pupils”, e.g. “Byskolen; 7.A; 24”, or with a school "
            "chosen above “7.A; 24”. The number of pupils may be left out. You can paste spreadsheet columns."
        ),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("A CSV or text file with the same lines (semicolon or tab between the columns)."),
    )

    MAX_FILE_BYTES = 200_000

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.week = week
        self.fields["school"].queryset = School.objects.primary().filter(municipality=week.municipality_id)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > self.MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large; at most 200 kB."))
        data = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
        raise forms.ValidationError(_("The file is not a text or CSV file."))  # pragma: no cover

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text = "\n".join(part for part in (cleaned.get("lines", ""), cleaned.get("file", "")) if part)
        rows, errors = self.parse(text, cleaned.get("school"))
        if errors:
            self.add_error("lines", errors)
        elif not rows:
            self.add_error("lines", _("Paste at least one class."))
        cleaned["rows"] = rows
        return cleaned

    def schools_by_name(self) -> dict[str, list[School]]:
        found: dict[str, list[School]] = {}
        for school in self.fields["school"].queryset:
            found.setdefault(" ".join(school.name.split()).lower(), []).append(school)
        return found

    def parse(self, text: str, chosen: School | None):
        """The rows (school, class name, pupils) of `text`, and one message per wrong line."""
        rows, errors, seen = [], [], set()
        schools = self.schools_by_name()
        existing = {
            (school_id, name.lower())
            for school_id, name in SchoolClass.objects.filter(
                school__municipality=self.week.municipality_id, school_year=self.week.school_year
            ).values_list("school", "name")
        }
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                row = self.parse_line(raw, chosen, schools)
                if row is None:
                    continue
                school, name, _count = row
                key = (school.pk, name.lower())
                if key in seen:
                    raise forms.ValidationError(
                        _("%(name)s of %(school)s is listed twice.") % {"name": name, "school": school.name}
                    )
                if key in existing:
                    raise forms.ValidationError(
                        _("%(school)s already has the class %(name)s this school year.")
                        % {"name": name, "school": school.name}
                    )
            except forms.ValidationError as error:
                prefix = _("Line %(number)s: “%(line)s”:") % {"number": number, "line": raw.strip()}
                errors.append(f"{prefix} {' '.join(error.messages)}")
                continue
            seen.add(key)
            rows.append(row)
        return rows, errors

    def parse_line(self, raw: str, chosen: School | None, schools: dict[str, list[School]]):
        """(school, class name, pupils or None) of a line; None for a header; ValidationError if wrong."""
        if SEPARATORS.search(raw):
            fields = [" ".join(f.split()) for f in SEPARATORS.split(raw)]
            while fields and not fields[-1]:
                fields.pop()
        else:  # “7.A 24”: a class of the chosen school and its pupils, separated by a space
            words = raw.split()
            fields = (
                [" ".join(words[:-1]), words[-1]]
                if len(words) > 1 and is_digits(words[-1])
                else [" ".join(words)]
            )
        if tuple(f.lower() for f in fields) in (HEADER, HEADER[1:]):
            return None
        if len(fields) > 3:
            raise forms.ValidationError(_("A line has at most three columns: school, class and pupils."))
        if len(fields) == 3 or (len(fields) == 2 and chosen is None):
            school_name, name, pupils = (fields + [""])[:3]
            matches = schools.get(school_name.lower(), [])
            if not matches:
                raise forms.ValidationError(
                    _("There is no school named “%(school)s” in %(municipality)s.")
                    % {"school": school_name, "municipality": self.week.municipality.name}
                )
            if len(matches) > 1:
                raise forms.ValidationError(
                    _("More than one school is named “%(school)s”; choose the school above for its classes.")
                    % {"school": school_name}
                )
            school = matches[0]
            if chosen is not None and school != chosen:
                raise forms.ValidationError(
                    _("The line is for %(school)s, not for the school chosen above.")
                    % {"school": school.name}
                )
        elif chosen is None:
            raise forms.ValidationError(
                _("Write the school, the class and the number of pupils, separated by semicolons.")
            )
        else:
            school, name, pupils = chosen, fields[0], fields[1] if len(fields) == 2 else ""
        if not name or len(name) > 20:
            raise forms.ValidationError(
                _("“%(name)s” is not a class name (at most 20 characters).") % {"name": name}
            )
        if pupils and not re.fullmatch(r"[+-]?\d+", pupils):
            raise forms.ValidationError(
                _("The number of pupils “%(pupils)s” is not a whole number.") % {"pupils": pupils}
            )
        count = int(pupils) if pupils else None
        if count is not None and not 1 <= count <= 60:
            raise forms.ValidationError(
                _("%(pupils)s pupils is not a possible class size (1–60).") % {"pupils": count}
            )
        return school, name, count

    def save(self) -> list[SchoolClass]:
        return [
            SchoolClass.objects.create(
                school=school,
                school_year=self.week.school_year,
                grade=self.week.grade,
                name=name,
                pupils=pupils,
            )
            for school, name, pupils in self.cleaned_data["rows"]
        ]


class ClassCountForm(forms.Form):
    """The number of classes of the week's grade at each school of the municipality, for the coverage."""

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.week = week
        self.schools = list(
            School.objects.primary().filter(municipality=week.municipality_id).order_by("name")
        )
        counts = dict(
            ClassCount.objects.filter(
                school__in=self.schools, school_year=week.school_year, grade=week.grade
            ).values_list("school", "classes")
        )
        for school in self.schools:
            self.fields[f"school_{school.pk}"] = forms.IntegerField(
                label=school.name,
                min_value=0,
                max_value=30,
                required=False,
                initial=counts.get(school.pk),
            )

    def save(self) -> int:
        """Store the numbers (an empty field removes the school's number); returns how many are stored."""
        stored = 0
        for school in self.schools:
            value = self.cleaned_data.get(f"school_{school.pk}")
            lookup = {"school": school, "school_year": self.week.school_year, "grade": self.week.grade}
            if value is None:
                ClassCount.objects.filter(**lookup).delete()
            else:
                ClassCount.objects.update_or_create(**lookup, defaults={"classes": value})
                stored += 1
        return stored
