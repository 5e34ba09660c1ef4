"""No lost update on any record a person edits: two people load the same form, the first saves, and
the second save is refused with what changed meanwhile, the typed input kept; saving again goes through.
The same for every edit page of the portal and every change page of the admin."""

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from partnerships.models import SchoolYearGoal, User
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactPersonFactory,
    HopInHostFactory,
    HopInWeekFactory,
    MunicipalityFactory,
    NetworkMemberFactory,
    OutreachActivityFactory,
    PlacementFactory,
    ResourcePersonFactory,
    SchoolClassFactory,
    SchoolFactory,
    TeacherTrainingFactory,
    TutorOfferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class FormScraper(HTMLParser):
    """The values a browser would send for the form that carries the `version` field."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = []
        elif self.current is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            self.current.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.current.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = attrs.get("name"), ""

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea and self.current is not None:
            self.current.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_data(response) -> dict:
    scraper = FormScraper()
    scraper.feed(response.content.decode())
    fields = next(form for form in scraper.forms if any(name == "version" for name, _ in form))
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


@dataclass
class Case:
    make: object  # municipality -> the record
    url: object  # record -> URL of its edit page
    first: tuple[str, str]  # what the first person changes
    second: tuple[str, str]  # what the second person types
    role: str = "coordinator"


def portal(name):
    return lambda obj: reverse(name, args=[obj.pk])


def week_of(municipality):
    return HopInWeekFactory(municipality=municipality)


def network_member(municipality=None):
    member = NetworkMemberFactory(**({"municipality": municipality} if municipality else {}))
    member.schools.set([SchoolFactory(municipality=member.municipality)])
    return member


PORTAL = {
    "school": Case(
        lambda m: SchoolFactory(municipality=m, address="Skolevej 1"),
        portal("partnerships:school_update"),
        ("address", "Skolevej 2"),
        ("postcode", "8300"),
    ),
    "company": Case(
        lambda m: CompanyFactory(municipality=m),
        portal("partnerships:company_update"),
        ("address", "Fabriksvej 9"),
        ("name", "Andet Navn ApS"),
    ),
    "contact person": Case(
        lambda m: ContactPersonFactory(school=SchoolFactory(municipality=m)),
        portal("partnerships:contact_update"),
        ("role", "Skoleleder"),
        ("name", "Nyt Navn"),
    ),
    "agreement": Case(
        lambda m: AgreementFactory(school__municipality=m, company__municipality=m),
        portal("partnerships:agreement_update"),
        ("title", "Kollegaens titel"),
        ("activities", "Mine aktiviteter"),
    ),
    "HOP-IN week": Case(week_of, portal("programmes:hopin_week_update"), ("grade", "6"), ("grade", "8")),
    "class": Case(
        lambda m: (week_of(m), SchoolClassFactory(school__municipality=m))[1],
        portal("programmes:schoolclass_update"),
        ("pupils", "25"),
        ("name", "7.Q"),
    ),
    "host": Case(
        lambda m: HopInHostFactory(week=week_of(m)),
        portal("programmes:host_update"),
        ("preferences", "Gerne om formiddagen"),
        ("feedback", "En god uge"),
    ),
    "tutor offer": Case(
        lambda m: TutorOfferFactory(week=week_of(m)),
        portal("programmes:tutoroffer_update"),
        ("tutors", "2"),
        ("tutors", "6"),
    ),
    "outreach": Case(
        lambda m: OutreachActivityFactory(municipality=m),
        portal("programmes:outreach_update"),
        ("audience", "Forældrerådet"),
        ("notes", "Husk kaffe"),
    ),
    "training": Case(
        lambda m: TeacherTrainingFactory(school__municipality=m),
        portal("programmes:training_update"),
        ("subject_focus", "Matematik"),
        ("teachers_trained", "5"),
    ),
    "resource person": Case(
        lambda m: ResourcePersonFactory(municipality=m),
        portal("programmes:resource_person_update"),
        ("organisation", "DI"),
        ("role", "Mentor"),
    ),
    "network member": Case(
        network_member,
        portal("programmes:network_member_update"),
        ("notes", "Aktiv i år"),
        ("notes", "Holder pause"),
    ),
    "own company": Case(
        lambda m: CompanyFactory(municipality=m),
        lambda company: reverse("hosting:my_company_update"),
        ("address", "Havnegade 3"),
        ("website", "https://example.com"),
        role="company",
    ),
    "own company's contact": Case(
        lambda m: ContactPersonFactory(school=None, company=CompanyFactory(municipality=m)),
        lambda contact: reverse("hosting:my_company_contact_update", args=[contact.pk]),
        ("role", "Direktør"),
        ("name", "Nyt Navn"),
        role="company",
    ),
    "own profile": Case(
        lambda m: None,
        lambda user: reverse("privacy:my_account"),
        ("first_name", "Kirsten"),
        ("last_name", "Kollega"),
        role="self",
    ),
}


def editor_for(case: Case, municipality, obj):
    if case.role == "company":
        company = obj if obj.__class__.__name__ == "Company" else obj.company
        return UserFactory(role=User.Role.COMPANY, company=company)
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])


@pytest.mark.parametrize("case", PORTAL.values(), ids=PORTAL.keys())
def test_portal_refuses_the_second_of_two_concurrent_saves(client, case):
    municipality = MunicipalityFactory()
    obj = case.make(municipality)
    user = editor_for(case, municipality, obj)
    if obj is None:
        obj = user
    client.force_login(user)
    url = case.url(obj)
    loaded = form_data(client.get(url))
    assert loaded["version"] == [str(obj.version)]

    first = {**loaded, case.first[0]: [case.first[1]]}
    response = client.post(url, first)
    assert response.status_code == 302, response.context["form"].errors
    obj.refresh_from_db()
    assert obj.version == 2

    second = {**loaded, case.second[0]: [case.second[1]]}
    response = client.post(url, second)
    assert response.status_code == 409
    form = response.context["form"]
    assert form.conflict is not None
    assert "stale" in [error.code for error in form.non_field_errors().as_data()]
    assert str(form[case.second[0]].value()) == case.second[1]
    obj.refresh_from_db()
    assert str(getattr(obj, case.first[0])) == case.first[1]  # the first save stands

    # The page now carries the version the person has seen: saving again keeps their version.
    again = form_data(response)
    assert again["version"] == ["2"]
    assert again[case.second[0]] == [case.second[1]]
    assert client.post(url, again).status_code == 302
    obj.refresh_from_db()
    assert str(getattr(obj, case.second[0])) == case.second[1]
    assert obj.version == 3


def test_the_refusal_names_who_changed_what(client, danish):
    municipality = MunicipalityFactory()
    school = SchoolFactory(municipality=municipality, address="Skolevej 1")
    colleague = UserFactory(
        role=User.Role.COORDINATOR, municipalities=[municipality], first_name="Kirsten", last_name="Kollega"
    )
    me = UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])
    url = reverse("partnerships:school_update", args=[school.pk])
    client.force_login(me)
    loaded = form_data(client.get(url))
    client.force_login(colleague)
    client.post(url, {**loaded, "address": "Skolevej 2"})
    client.force_login(me)
    response = client.post(url, {**loaded, "postcode": "8300"})
    content = response.content.decode()
    assert "Kirsten Kollega" in content
    assert "Skolevej 1 → Skolevej 2" in content
    assert 'value="8300"' in content
    school.refresh_from_db()
    assert (school.address, school.postcode) == ("Skolevej 2", school.postcode)


def goal_of_a_year():
    return SchoolYearGoal.objects.create(municipality=MunicipalityFactory(), school_year=2026, target=3)


ADMIN = {
    "school": (lambda: SchoolFactory(), ("address", "Vej 1"), ("address", "Vej 2")),
    "company": (lambda: CompanyFactory(), ("address", "Vej 3"), ("address", "Vej 4")),
    "contact person": (lambda: ContactPersonFactory(), ("role", "Lærer"), ("role", "Leder")),
    "agreement": (lambda: AgreementFactory(), ("title", "Første"), ("title", "Anden")),
    "municipality": (lambda: MunicipalityFactory(), ("name", "Første"), ("name", "Anden")),
    "municipality's goal": (goal_of_a_year, ("target", "5"), ("target", "6")),
    "user": (lambda: UserFactory(), ("first_name", "Anna"), ("first_name", "Berit")),
    "HOP-IN week": (lambda: HopInWeekFactory(), ("grade", "6"), ("grade", "8")),
    "class": (lambda: SchoolClassFactory(), ("pupils", "20"), ("pupils", "21")),
    "host": (lambda: HopInHostFactory(), ("capacity", "2"), ("capacity", "3")),
    "tutor offer": (lambda: TutorOfferFactory(), ("tutors", "2"), ("tutors", "3")),
    "placement": (lambda: PlacementFactory(), ("locked", "on"), ("tutors", "1")),
    "outreach": (lambda: OutreachActivityFactory(), ("reached", "30"), ("reached", "40")),
    "training": (lambda: TeacherTrainingFactory(), ("teachers_trained", "3"), ("teachers_trained", "4")),
    "resource person": (lambda: ResourcePersonFactory(), ("role", "Mentor"), ("role", "Tovholder")),
    "network member": (network_member, ("notes", "Aktiv"), ("notes", "Pause")),
}


@pytest.mark.parametrize("make, first, second", ADMIN.values(), ids=ADMIN.keys())
def test_admin_refuses_the_second_of_two_concurrent_saves(client, superuser, make, first, second):
    obj = make()
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    client.force_login(superuser)
    loaded = form_data(client.get(url))
    assert loaded["version"] == [str(obj.version)]

    response = client.post(url, {**loaded, first[0]: [first[1]]})
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert obj.version == 2

    response = client.post(url, {**loaded, second[0]: [second[1]]})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.non_field_errors().as_data()] == ["stale"]
    assert str(form[second[0]].value()) == second[1]
    obj.refresh_from_db()
    assert obj.version == 2
    assert form_data(response)["version"] == ["2"]
