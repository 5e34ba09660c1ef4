from django import forms
from django.utils.translation import gettext_lazy as _

from brasite.lib.versioning import VersionedModelForm
from partnerships.forms import DATE_INPUT
from partnerships.models import Company, Municipality, School

from .models import NetworkMember, ResourcePerson, TeacherTraining


class TeacherTrainingForm(VersionedModelForm):
    class Meta:
        model = TeacherTraining
        fields = ["school", "date", "teachers_trained", "subject_focus"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(municipality=municipality)


class ResourcePersonForm(VersionedModelForm):
    class Meta:
        model = ResourcePerson
        fields = ["name", "organisation", "role"]


class NetworkMemberForm(VersionedModelForm):
    class Meta:
        model = NetworkMember
        fields = ["company", "schools", "notes"]
        widgets = {"schools": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["company"].queryset = Company.objects.filter(municipality=municipality).order_by("name")
        self.fields["company"].label_from_instance = lambda c: f"{c.name} ({c.get_kind_display().lower()})"
        self.fields["schools"].queryset = School.objects.filter(municipality=municipality)

    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        members = NetworkMember.objects.filter(municipality=self.instance.municipality, company=company)
        if company and members.exclude(pk=self.instance.pk).exists():
            self.add_error("company", _("This member is already in the municipality's network."))
        return cleaned
