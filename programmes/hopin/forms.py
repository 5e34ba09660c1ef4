"""Forms of the HOP-IN week planner."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brasite.lib.digits import is_digits
from brasite.lib.versioning import VersionedModelForm
from partnerships.forms import DATE_INPUT
from partnerships.models import Company, School, User
from partnerships.schoolyears import SchoolYear

from . import planning
from .models import ClassCount, HopInHost, HopInWeek, PlanPolicy, SchoolClass, TutorOffer, new_plan_seed


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


class HopInHostForm(VersionedModelForm):
    class Meta:
        model = HopInHost
        fields = ["company", "capacity", "preferred_schools", "preferences", "will_host_again", "feedback"]
        widgets = {
            "preferred_schools": forms.CheckboxSelectMultiple,
            "preferences": forms.Textarea(attrs={"rows": 2}),
            "feedback": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.week = week
        self.instance.week = week
        if self.instance.pk:
            del self.fields["company"]
        else:
            self.fields["company"].queryset = (
                Company.objects.approved_hosts()
                .in_municipalities([week.municipality_id])
                .exclude(hopin_hostings__week=week)
                .prefetch_related("yearly_host_answers")
                .order_by("name")
            )
            self.fields["company"].label_from_instance = lambda company: with_answer(company, week)
            self.fields["company"].help_text = _("Approved host companies of the municipality.")
        self.fields["preferred_schools"].queryset = School.objects.primary().filter(
            municipality=week.municipality_id
        )
        if not self.instance.pk:
            capacity = self.fields["capacity"]
            capacity.required = False
            capacity.initial = None
            capacity.help_text = _(
                "How many classes the company can host this week. Leave empty for the capacity the company "
                "declared."
            )

    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        if not self.instance.pk and cleaned.get("capacity") is None and "capacity" not in self.errors:
            if company is not None and company.hosting_capacity:
                cleaned["capacity"] = company.hosting_capacity
            elif company is not None:
                self.add_error("capacity", _("The company has not declared a capacity; enter one."))
        return cleaned

    def _post_clean(self):
        if self.cleaned_data.get("capacity") is not None:
            self.instance.capacity = self.cleaned_data["capacity"]
        super()._post_clean()


def with_answer(company: Company, week: HopInWeek) -> str:
    """The company's name with its yearly answer for the week's school year, if it gave one."""
    answer = company.answer_for(week.school_year)
    if answer is None or not answer.answer:
        return company.name
    return f"{company.name} – {answer.summary}"


class TutorOfferForm(VersionedModelForm):
    class Meta:
        model = TutorOffer
        fields = ["school", "tutors"]

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.week = week
        self.fields["school"].queryset = School.objects.youth_educations().filter(
            municipality=week.municipality_id
        )

    def clean(self):
        cleaned = super().clean()
        school = cleaned.get("school")
        offers = TutorOffer.objects.filter(week=self.instance.week, school=school).exclude(
            pk=self.instance.pk
        )
        if school and offers.exists():
            self.add_error("school", _("This youth education already offers tutors this week."))
        return cleaned


class MoveClassForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host"), queryset=HopInHost.objects.none(), empty_label=None)

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = (
            week.hosts.with_load().select_related("company").order_by("company__name")
        )
        self.fields["host"].label_from_instance = lambda host: (
            _("%(name)s (%(free)s of %(capacity)s free)")
            % {
                "name": host.company.name,
                "free": host.free,
                "capacity": host.capacity,
            }
        )


class PlanRunForm(forms.Form):
    """How the automatic plan is made: the policy, the school rule and whether to draw new tie-breaks."""

    policy = forms.ChoiceField(
        label=_("What comes first"), choices=PlanPolicy.choices, widget=forms.RadioSelect, required=False
    )
    one_class_per_school_per_host = forms.BooleanField(
        label=_("At most one class from the same school per host"), required=False
    )
    new_draw = forms.BooleanField(
        label=_("Draw anew between equally good plans"),
        required=False,
        help_text=_("Otherwise the plan uses the same draw as last time, so a re-run gives the same plan."),
    )
    seed = forms.IntegerField(min_value=0, max_value=2**31 - 1, required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, week: HopInWeek, **kwargs):
        kwargs.setdefault(
            "initial",
            {"policy": week.plan_policy, "one_class_per_school_per_host": week.one_class_per_school_per_host},
        )
        super().__init__(*args, **kwargs)
        self.week = week

    def planner_options(self) -> dict:
        """The options for `services.plan_week`; a new draw is drawn here once, so a confirmation keeps it."""
        seed = self.cleaned_data.get("seed")
        if seed is None:
            seed = new_plan_seed() if self.cleaned_data["new_draw"] else self.week.plan_seed
        if not self.cleaned_data["policy"]:  # no choice sent: the week's stored options
            return {"seed": seed}
        return {
            "policy": planning.Policy(self.cleaned_data["policy"]),
            "seed": seed,
            "one_class_per_school_per_host": self.cleaned_data["one_class_per_school_per_host"],
        }


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
