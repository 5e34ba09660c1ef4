from django import forms

from brasite.lib.versioning import VersionedModelForm
from partnerships.forms import DATE_INPUT

from .models import OutreachActivity


class OutreachActivityForm(VersionedModelForm):
    class Meta:
        model = OutreachActivity
        fields = ["step", "date", "audience", "reached", "notes"]
        widgets = {"date": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}
