"""Forms of who takes a HOP-IN week's classes in and where they go: hosts, tutor offers, placements, the plan.

A host company with its capacity, a youth education's tutor offer, moving a class to a host by hand, and the
options of a run of the automatic plan.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from brasite.lib.versioning import VersionedModelForm
from partnerships.models import Company, School

from . import planning
from .models import HopInHost, HopInWeek, PlanPolicy, TutorOffer, new_plan_seed


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
