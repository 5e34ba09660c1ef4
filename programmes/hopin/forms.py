"""Forms of the HOP-IN week planner."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.forms import DATE_INPUT
from partnerships.models import Company, School
from partnerships.schoolyears import SchoolYear

from .models import HopInHost, HopInWeek, SchoolClass, TutorOffer


def school_year_choices(current: int | None = None) -> list[tuple[int, str]]:
    """Last year, this year and the next two school years (and the week's own year when editing)."""
    years = {SchoolYear.current().start_year + offset for offset in (-1, 0, 1, 2)}
    if current:
        years.add(current)
    return [(year, SchoolYear(year).label) for year in sorted(years)]


class HopInWeekForm(forms.ModelForm):
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)

    class Meta:
        model = HopInWeek
        fields = ["school_year", "starts_on", "ends_on", "grade"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = school_year_choices(self.instance.school_year)
        if not self.instance.pk:
            self.fields["school_year"].initial = SchoolYear.current().start_year

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
    """Companies a class may wish: the week's hosts and the municipality's approved hosts."""
    return (
        Company.objects.filter(
            Q(hopin_hostings__week=week)
            | Q(municipality=week.municipality_id, host_status=Company.HostStatus.APPROVED)
        )
        .distinct()
        .order_by("name")
    )


class SchoolClassForm(forms.ModelForm):
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


LINE = re.compile(r"^(?P<name>.+?)(?:[\s;,\t]+(?P<pupils>\d{1,3}))?(?:\s*(?:elever|pupils))?$", re.IGNORECASE)


class ClassPasteForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    lines = forms.CharField(
        label=_("Classes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_(
            "One class per line: its name and, if you know it, the number of pupils, e.g. “7.A; 24”. "
            "You can paste two columns from a spreadsheet."
        ),
    )

    def __init__(self, *args, week: HopInWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.week = week
        self.fields["school"].queryset = School.objects.primary().filter(municipality=week.municipality_id)

    def clean_lines(self):
        rows, errors, seen = [], [], set()
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            line = " ".join(raw.replace("\t", " ").split())
            if not line:
                continue
            found = LINE.match(line)
            name = found["name"].strip(" ;,") if found else ""
            pupils = int(found["pupils"]) if found and found["pupils"] else None
            if not name or len(name) > 20:
                errors.append(
                    _("Line %(number)s: “%(line)s” is not a class name.") % {"number": number, "line": raw}
                )
            elif pupils is not None and not 1 <= pupils <= 60:
                errors.append(
                    _("Line %(number)s: %(pupils)s pupils is not a possible class size (1–60).")
                    % {"number": number, "pupils": pupils}
                )
            elif name.lower() in seen:
                errors.append(
                    _("Line %(number)s: %(name)s is listed twice.") % {"number": number, "name": name}
                )
            else:
                seen.add(name.lower())
                rows.append((name, pupils))
        if errors:
            raise forms.ValidationError(errors)
        if not rows:
            raise forms.ValidationError(_("Paste at least one class."))
        return rows

    def clean(self):
        cleaned = super().clean()
        school, rows = cleaned.get("school"), cleaned.get("lines")
        if school and rows:
            existing = {
                name.lower()
                for name in SchoolClass.objects.filter(
                    school=school, school_year=self.week.school_year
                ).values_list("name", flat=True)
            }
            taken = [name for name, _pupils in rows if name.lower() in existing]
            if taken:
                self.add_error(
                    "lines",
                    _("%(school)s already has these classes this school year: %(names)s.")
                    % {"school": school, "names": ", ".join(taken)},
                )
        return cleaned

    def save(self) -> list[SchoolClass]:
        school = self.cleaned_data["school"]
        return [
            SchoolClass.objects.create(
                school=school,
                school_year=self.week.school_year,
                grade=self.week.grade,
                name=name,
                pupils=pupils,
            )
            for name, pupils in self.cleaned_data["lines"]
        ]


class HopInHostForm(forms.ModelForm):
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
                .filter(municipality=week.municipality_id)
                .exclude(hopin_hostings__week=week)
                .prefetch_related("yearly_host_answers")
                .order_by("name")
            )
            self.fields["company"].label_from_instance = lambda company: with_answer(company, week)
            self.fields["company"].help_text = _("Approved host companies of the municipality.")
        self.fields["preferred_schools"].queryset = School.objects.primary().filter(
            municipality=week.municipality_id
        )


def with_answer(company: Company, week: HopInWeek) -> str:
    """The company's name with its yearly answer for the week's school year, if it gave one."""
    answer = company.answer_for(week.school_year)
    if answer is None or not answer.answer:
        return company.name
    return f"{company.name} – {answer.summary}"


class TutorOfferForm(forms.ModelForm):
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
