from django import forms

from partnerships.forms import DATE_INPUT

from .models import OutreachActivity


class OutreachActivityForm(forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = ["step", "date", "audience", "reached", "notes"]
        widgets = {"date": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}
