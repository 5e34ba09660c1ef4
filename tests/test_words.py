"""Words a first-time reader trips over: goal figures, Danish quotation marks, validator wording, admin."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from brasite.lib.admin import link_row_str
from partnerships.models import Company, CooperationAgreement, User
from partnerships.models.municipalities import goal_words
from tests.factories import AgreementFactory, CompanyFactory, ProgrammeFactory, SchoolFactory

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("counting", "goal", "danish", "english"),
    [
        (2, 3, "2 af 3 aftaler", "2 of 3 agreements"),
        (3, 3, "3 af 3 aftaler", "3 of 3 agreements"),
        (5, 3, "5 aftaler – målet er 3", "5 agreements – the goal is 3"),
        (0, 1, "0 af 1 aftale", "0 of 1 agreement"),
    ],
)
def test_goal_in_words_never_says_more_of_fewer(counting, goal, danish, english):
    with translation.override("da"):
        assert goal_words(counting, goal) == danish
    with translation.override("en"):
        assert goal_words(counting, goal) == english


@pytest.mark.django_db
def test_workspace_of_a_municipality_past_its_goal(danish, coordinator, municipality):
    school = SchoolFactory(municipality=municipality)
    start = timezone.localdate().replace(day=1)
    for _ in range(5):
        AgreementFactory(school=school, status=CooperationAgreement.Status.ACTIVE, start_date=start)
    danish.force_login(coordinator)
    body = danish.get(reverse("reporting:workspace_municipality", args=[municipality.slug])).content.decode()
    assert "5 aftaler – målet er 3" in body
    assert "5 af 3" not in body


def test_validators_say_lig_med_in_danish():
    with translation.override("da"):
        with pytest.raises(forms.ValidationError) as error:
            forms.IntegerField(min_value=0).clean(-1)
        messages = error.value.messages  # lazy: read while Danish is active
    assert messages == ["Værdien skal være større end eller lig med 0."]


def test_danish_text_uses_danish_quotation_marks():
    with open(BASE_DIR / "locale" / "da" / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po, locale="da")
    wrong = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            prose = re.sub(r'\w+="[^"]*"', "", text or "")  # HTML attributes keep their straight quotes
            if "”" in prose or '"' in prose or prose.count("„") != prose.count("“"):
                wrong.append(text)
    assert not wrong, "Danish quotes open with „ and close with “:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_admin_speaks_danish_for_package_pages_and_names_relation_rows(client, superuser):
    agreement = AgreementFactory()
    person = agreement.school.contacts.create(name="Mette Holm", email="mette@example.com")
    agreement.contact_persons.add(person)
    link = CooperationAgreement.contact_persons.through.objects.get()
    assert str(link) == f"{agreement.title} – Mette Holm"
    client.force_login(superuser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "da"
    history = client.get(reverse("admin:partnerships_cooperationagreement_history", args=[agreement.pk]))
    assert "Ændret af" in history.content.decode() and "Changed by" not in history.content.decode()
    # A change saved without a reason has an empty one, not NULL ("None" in the reason column).
    assert not re.search(r"<td>\s*None\s*</td>", history.content.decode())
    assert agreement.history.first().history_change_reason == ""
    index = client.get(reverse("admin:index")).content.decode()
    assert "Loginforsøg" in index and "Access attempts" not in index and ">Axes<" not in index
    delete = client.get(reverse("admin:partnerships_contactperson_delete", args=[person.pk])).content.decode()
    assert "object (" not in delete and f"{agreement.title} – Mette Holm" in delete


PORTAL_APPS = ["partnerships", "hosting", "programmes", "reminders", "reporting", "privacy", "imports"]


def generated_link_models():
    from django.apps import apps

    for name in PORTAL_APPS:
        for model in apps.get_app_config(name).get_models():
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    yield model, field


def test_every_generated_link_row_has_a_readable_danish_name():
    found = {f"{model.__name__}.{field.name}" for model, field in generated_link_models()}
    assert {
        "Company.programmes_of_interest",
        "MunicipalityGroup.municipalities",
        "User.municipalities",
        "User.groups",
        "HostSignup.programmes_of_interest",
        "NetworkMember.schools",
        "HopInHost.preferred_schools",
        "HostAnswer.programmes",
    } <= found
    for model, field in generated_link_models():
        through = field.remote_field.through
        # Each names both ends (as the agreement's contact person row above shows in the admin).
        assert through.__str__ is link_row_str, through
        assert through._link_ends == (field.m2m_field_name(), field.m2m_reverse_field_name())
        with translation.override("da"):
            danish = str(through._meta.verbose_name), str(through._meta.verbose_name_plural)
        with translation.override("en"):
            english = str(through._meta.verbose_name), str(through._meta.verbose_name_plural)
            assert str(model._meta.verbose_name) in english[0], through
        assert danish != english and "link" not in danish[0], (through, danish)


@pytest.mark.django_db
def test_link_rows_name_both_ends(coordinator, municipality):
    company = CompanyFactory(name="Odder Stål A/S")
    programme = ProgrammeFactory(name="HOP-IN")
    company.programmes_of_interest.add(programme)
    rows = [
        Company.programmes_of_interest.through.objects.get(),
        User.municipalities.through.objects.get(user=coordinator),
    ]
    assert [str(row) for row in rows] == ["Odder Stål A/S – HOP-IN", f"{coordinator} – {municipality}"]


def test_english_keeps_day_month_year_and_the_24_hour_clock():
    import datetime

    from django.template import Context, Template

    moment = datetime.datetime(2026, 1, 12, 19, 11, tzinfo=datetime.UTC)
    template = Template(
        '{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}'
        "|{{ t|time }}"
    )
    with translation.override("en"), timezone.override("UTC"):
        rendered = template.render(Context({"d": moment.date(), "t": moment}))
        assert forms.DateField().clean("12.01.2026") == datetime.date(2026, 1, 12)
    assert rendered == "12.01.2026|12 January 2026|12.01.2026 19:11|19:11"


@pytest.mark.django_db
def test_home_page_never_says_more_of_fewer(client, danish, municipality):
    school = SchoolFactory(municipality=municipality)
    for _ in range(4):
        AgreementFactory(
            school=school, status=CooperationAgreement.Status.ACTIVE, start_date=timezone.localdate()
        )
    body = danish.get(reverse("reporting:home")).content.decode()
    assert "4 aftaler – målet er 3" in body and "4 af 3" not in body
