from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Programme

from .models import AgreementReminderOption, HostAnswer, ReminderPreferences

COORDINATOR_FIELDS = [
    "agreements_ending",
    "drafts_waiting",
    "signups_waiting",
    "goal_at_risk",
    "weekly_digest",
]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ReminderPreferences
        fields = ["language", *COORDINATOR_FIELDS, "host_question"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_company_user:
            shown = ["host_question"]
        elif user.is_regional_viewer:
            shown = ["goal_at_risk"]
        else:
            shown = COORDINATOR_FIELDS
        for name in [*COORDINATOR_FIELDS, "host_question"]:
            if name not in shown:
                del self.fields[name]


class AgreementReminderOptionForm(forms.ModelForm):
    class Meta:
        model = AgreementReminderOption
        fields = ["notify_contacts"]


class HostAnswerForm(forms.ModelForm):
    class Meta:
        model = HostAnswer
        fields = ["answer", "classes", "programmes", "reason"]
        widgets = {
            "answer": forms.RadioSelect,
            "programmes": forms.CheckboxSelectMultiple,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"reason": _("Only if you will not host: it helps us plan (optional).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answer"].choices = [c for c in HostAnswer.Answer.choices if c[0]]
        self.fields["programmes"].queryset = Programme.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("answer") in HostAnswer.HOSTING and not data.get("classes"):
            self.add_error("classes", _("Say how many classes you can host (1 to 50)."))
        return data
