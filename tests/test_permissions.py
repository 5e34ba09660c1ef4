"""The permission matrix: every URL of `partnerships` and `programmes`, for every role.

Each URL name is registered in `URLS` with its kind and how to build its arguments from the `world`
(objects of the coordinator's own municipality and of another one). A URL name that is not registered
fails `test_every_url_is_in_the_matrix`, so a new view cannot skip its access check unnoticed.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from partnerships.hosting import signup_token
from partnerships.models import Company, HostSignup, User
from partnerships.schoolyears import SchoolYear
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
    ProgrammeFactory,
    ResourcePersonFactory,
    SchoolClassFactory,
    SchoolFactory,
    TeacherTrainingFactory,
    TutorOfferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Kinds of URL
PUBLIC = "public"  # anybody, no login
ROLE_PAGE = "role_page"  # a page without object for coordinators, viewers and staff
ROLE_EDIT_PAGE = "role_edit_page"  # a page that changes data, without object: viewers get 403
OBJECT_READ = "object_read"  # an object of another municipality: 404 for coordinators; viewers read it
OBJECT_EDIT = (
    "object_edit"  # changing an object of another municipality: 404 for coordinators, 403 for viewers
)
COMPANY_PAGE = "company_page"  # company self-service without object: company users only (staff may look)
COMPANY_OBJECT = "company_object"  # company self-service on one of its own objects: company users only


@dataclass(frozen=True)
class Case:
    kind: str
    args: object = None  # world -> list of URL arguments (objects of the *other* municipality)


def other(attribute):
    return lambda world: [getattr(world.other, attribute).pk]


def waiting_signup(world):
    """A confirmed host sign-up of the other municipality's company, awaiting a decision."""
    signup = HostSignup.objects.create(
        name=world.other.company.name,
        cvr=world.other.company.cvr,
        address="Vej 1",
        postcode="8300",
        municipality=world.other.municipality,
        contact_name="Kontakt",
        contact_email=f"kontakt-{world.other.company.pk}@example.com",
        consented_at=timezone.now(),
        status=HostSignup.Status.WAITING,
        company=world.other.company,
        contact=world.other.company_contact,
    )
    return [signup.pk]


def unconfirmed_signup_token(world):
    signup = HostSignup.objects.create(
        name="Ny ApS",
        cvr="12345674",
        address="Vej 1",
        postcode="8300",
        municipality=world.other.municipality,
        contact_name="Kontakt",
        contact_email="ny@example.com",
        consented_at=timezone.now(),
    )
    return [signup_token(signup)]


URLS = {
    "partnerships:home": Case(PUBLIC),
    "partnerships:dashboard": Case("dashboard"),
    "partnerships:workspace": Case(ROLE_PAGE),  # a coordinator of one municipality is redirected to it
    "partnerships:workspace_municipality": Case(OBJECT_READ, lambda world: [world.other.municipality.slug]),
    "partnerships:agreement_list": Case(ROLE_PAGE),
    "partnerships:agreement_export_csv": Case(ROLE_PAGE),
    "partnerships:agreement_export_xlsx": Case(ROLE_PAGE),
    "partnerships:agreement_create": Case(ROLE_EDIT_PAGE),
    "partnerships:agreement_detail": Case(OBJECT_READ, other("agreement")),
    "partnerships:agreement_update": Case(OBJECT_EDIT, other("agreement")),
    "partnerships:agreement_activate": Case(OBJECT_EDIT, other("agreement")),
    "partnerships:agreement_end": Case(OBJECT_EDIT, other("agreement")),
    "partnerships:agreement_cancel": Case(OBJECT_EDIT, other("agreement")),
    "partnerships:school_list": Case(ROLE_PAGE),
    "partnerships:school_create": Case(ROLE_EDIT_PAGE),
    "partnerships:school_detail": Case(OBJECT_READ, other("school")),
    "partnerships:school_update": Case(OBJECT_EDIT, other("school")),
    "partnerships:school_contact_create": Case(OBJECT_EDIT, other("school")),
    "partnerships:company_list": Case(ROLE_PAGE),
    "partnerships:company_create": Case(ROLE_EDIT_PAGE),
    "partnerships:company_detail": Case(OBJECT_READ, other("company")),
    "partnerships:company_update": Case(OBJECT_EDIT, other("company")),
    "partnerships:company_contact_create": Case(OBJECT_EDIT, other("company")),
    "partnerships:contact_update": Case(OBJECT_EDIT, other("school_contact")),
    "partnerships:contact_delete": Case(OBJECT_EDIT, other("school_contact")),
    "programmes:programme_detail": Case(PUBLIC, lambda world: [world.programme.slug]),
    "programmes:work_index": Case(ROLE_PAGE),
    "programmes:hopin_week_list": Case(OBJECT_READ, lambda world: [world.other.municipality.slug]),
    "programmes:hopin_week_create": Case(OBJECT_EDIT, lambda world: [world.other.municipality.slug]),
    "programmes:hopin_week_detail": Case(OBJECT_READ, other("week")),
    "programmes:hopin_week_update": Case(OBJECT_EDIT, other("week")),
    "programmes:schoolclass_create": Case(OBJECT_EDIT, other("week")),
    "programmes:schoolclass_paste": Case(OBJECT_EDIT, other("week")),
    "programmes:host_create": Case(OBJECT_EDIT, other("week")),
    "programmes:host_add_approved": Case(OBJECT_EDIT, other("week")),
    "programmes:tutoroffer_create": Case(OBJECT_EDIT, other("week")),
    "programmes:hopin_plan_run": Case(OBJECT_EDIT, other("week")),
    "programmes:hopin_publish": Case(OBJECT_EDIT, other("week")),
    "programmes:hopin_export_csv": Case(OBJECT_READ, other("week")),
    "programmes:hopin_export_xlsx": Case(OBJECT_READ, other("week")),
    "programmes:hopin_print_school": Case(
        OBJECT_READ, lambda world: [world.other.week.pk, world.other.school.pk]
    ),
    "programmes:hopin_print_host": Case(
        OBJECT_READ, lambda world: [world.other.week.pk, world.other.host.pk]
    ),
    "programmes:schoolclass_update": Case(OBJECT_EDIT, other("school_class")),
    "programmes:schoolclass_delete": Case(OBJECT_EDIT, other("school_class")),
    "programmes:placement_move": Case(OBJECT_EDIT, other("school_class")),
    "programmes:host_update": Case(OBJECT_EDIT, other("host")),
    "programmes:host_delete": Case(OBJECT_EDIT, other("host")),
    "programmes:tutoroffer_update": Case(OBJECT_EDIT, other("tutor_offer")),
    "programmes:tutoroffer_delete": Case(OBJECT_EDIT, other("tutor_offer")),
    "programmes:placement_lock": Case(OBJECT_EDIT, other("placement")),
    "programmes:placement_unlock": Case(OBJECT_EDIT, other("placement")),
    "programmes:placement_delete": Case(OBJECT_EDIT, other("placement")),
    "programmes:outreach_list": Case(OBJECT_READ, lambda world: [world.other.municipality.slug]),
    "programmes:outreach_create": Case(OBJECT_EDIT, lambda world: [world.other.municipality.slug]),
    "programmes:outreach_update": Case(OBJECT_EDIT, other("outreach")),
    "programmes:outreach_delete": Case(OBJECT_EDIT, other("outreach")),
    "programmes:network_overview": Case(OBJECT_READ, lambda world: [world.other.municipality.slug]),
    "programmes:training_create": Case(OBJECT_EDIT, lambda world: [world.other.municipality.slug]),
    "programmes:resource_person_create": Case(OBJECT_EDIT, lambda world: [world.other.municipality.slug]),
    "programmes:network_member_create": Case(OBJECT_EDIT, lambda world: [world.other.municipality.slug]),
    "programmes:training_update": Case(OBJECT_EDIT, other("training")),
    "programmes:training_delete": Case(OBJECT_EDIT, other("training")),
    "programmes:resource_person_update": Case(OBJECT_EDIT, other("resource_person")),
    "programmes:resource_person_export": Case(OBJECT_EDIT, other("resource_person")),
    "programmes:resource_person_erase": Case(OBJECT_EDIT, other("resource_person")),
    "programmes:network_member_update": Case(OBJECT_EDIT, other("network_member")),
    "programmes:network_member_delete": Case(OBJECT_EDIT, other("network_member")),
    "partnerships:region_overview": Case(ROLE_PAGE),
    "partnerships:municipality_detail": Case(OBJECT_READ, lambda world: [world.other.municipality.slug]),
    "partnerships:public_progress": Case(PUBLIC),
    "partnerships:public_progress_csv": Case(PUBLIC),
    "partnerships:public_progress_json": Case(PUBLIC),
    "partnerships:host_signup": Case(PUBLIC),
    "partnerships:host_signup_sent": Case(PUBLIC),
    "partnerships:host_signup_new_link": Case(PUBLIC),
    "partnerships:host_signup_confirm": Case(PUBLIC, unconfirmed_signup_token),
    "partnerships:host_password_set": Case(PUBLIC, lambda world: ["MQ", "not-a-valid-token"]),
    "partnerships:privacy_notice": Case(PUBLIC),
    "partnerships:host_signup_queue": Case(ROLE_PAGE),
    "partnerships:host_signup_approve": Case(OBJECT_EDIT, waiting_signup),
    "partnerships:host_signup_reject": Case(OBJECT_EDIT, waiting_signup),
    "partnerships:contact_export": Case(OBJECT_EDIT, other("company_contact")),
    "partnerships:contact_erase": Case(OBJECT_EDIT, other("school_contact")),
    "partnerships:my_company": Case(COMPANY_PAGE),
    "partnerships:my_company_update": Case(COMPANY_PAGE),
    "partnerships:my_company_contact_create": Case(COMPANY_PAGE),
    "partnerships:my_company_contact_update": Case(
        COMPANY_OBJECT, lambda world: [world.own.company_contact.pk]
    ),
    "partnerships:my_company_contact_delete": Case(
        COMPANY_OBJECT, lambda world: [world.own.company_contact.pk]
    ),
    "partnerships:annual_report": Case(ROLE_PAGE),
    "partnerships:annual_report_xlsx": Case(ROLE_PAGE, lambda world: [SchoolYear.current().start_year]),
    "partnerships:annual_report_csv": Case(
        ROLE_PAGE, lambda world: [SchoolYear.current().start_year, "municipalities"]
    ),
    "partnerships:accessibility": Case(PUBLIC),
}

ROLES = ["anonymous", "no_role", "coordinator", "viewer", "company", "staff"]
LOGIN_REDIRECT = 302


def url_names(resolver: URLResolver, namespace: str) -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}")
    return names


def project_url_names() -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in ("partnerships", "programmes"):
            names |= url_names(pattern, pattern.namespace)
    return names


def test_every_url_is_in_the_matrix():
    missing = project_url_names() - set(URLS)
    assert not missing, f"register these URL names in tests/test_permissions.py: {sorted(missing)}"


def organisation_set(municipality):
    school = SchoolFactory(municipality=municipality)
    company = CompanyFactory(municipality=municipality)
    week = HopInWeekFactory(municipality=municipality)
    host = HopInHostFactory(week=week, company=company, capacity=2)
    return SimpleNamespace(
        week=week,
        host=host,
        school_class=SchoolClassFactory(school=school),
        placement=PlacementFactory(host=host, school_class__school=school),
        tutor_offer=TutorOfferFactory(week=week),
        outreach=OutreachActivityFactory(municipality=municipality),
        training=TeacherTrainingFactory(school=school),
        resource_person=ResourcePersonFactory(municipality=municipality),
        network_member=NetworkMemberFactory(municipality=municipality, company=company),
        municipality=municipality,
        school=school,
        company=company,
        school_contact=ContactPersonFactory(school=school),
        company_contact=ContactPersonFactory(school=None, company=company),
        agreement=AgreementFactory(school=school, company=company),
    )


@pytest.fixture
def world():
    own = organisation_set(MunicipalityFactory(name="Egen", code="9001", slug="egen"))
    other_set = organisation_set(MunicipalityFactory(name="Anden", code="9002", slug="anden"))
    users = {
        "no_role": UserFactory(),
        "coordinator": UserFactory(role=User.Role.COORDINATOR, municipalities=[own.municipality]),
        "viewer": UserFactory(role=User.Role.VIEWER),
        "company": UserFactory(role=User.Role.COMPANY, company=own.company),
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }
    return SimpleNamespace(own=own, other=other_set, users=users, programme=ProgrammeFactory())


def expected(kind: str, role: str, method: str) -> set[int]:
    """The statuses a role may get for a kind of URL."""
    statuses = _expected(kind, role, method)
    if method == "post" and role != "anonymous" and kind in (ROLE_PAGE, COMPANY_PAGE, "dashboard"):
        statuses |= {405}  # read-only pages without an object may refuse POST before anything else
    return statuses


def _expected(kind: str, role: str, method: str) -> set[int]:
    if kind == PUBLIC:
        return {200}
    if role == "anonymous":
        return {LOGIN_REDIRECT}
    if kind == "dashboard":
        return {302} if role != "no_role" else {403}
    if role == "no_role":
        return {403, 404}
    if role == "company":
        if kind == COMPANY_OBJECT:
            return {200, 302, 405}
        return {200} if kind == COMPANY_PAGE else {403, 404}
    if kind in (COMPANY_PAGE, COMPANY_OBJECT):
        return {200, 403} if role == "staff" else {403}
    if kind == ROLE_PAGE:
        return {200, 302}
    if kind == ROLE_EDIT_PAGE:
        return {403} if role == "viewer" else {200}
    if kind == OBJECT_READ:
        if role == "coordinator":
            return {404}
        return {200, 405} if method == "post" else {200}
    if kind == OBJECT_EDIT:
        if role == "coordinator":
            return {404}
        if role == "viewer":
            return {403}
        return {200, 302, 405}
    raise AssertionError(kind)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(URLS))
def test_permission_matrix(client, world, name, role):
    case = URLS[name]
    url = reverse(name, args=case.args(world) if case.args else [])
    if role != "anonymous":
        client.force_login(world.users[role])
    for method in ("get", "post"):
        if case.kind == PUBLIC and method == "post":
            continue
        response = getattr(client, method)(url)
        assert response.status_code in expected(case.kind, role, method), (
            f"{role} {method.upper()} {url}: {response.status_code}"
        )
        if role == "anonymous" and case.kind != PUBLIC:
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(n for n, c in URLS.items() if c.kind in (OBJECT_READ, OBJECT_EDIT)))
def test_coordinator_reaches_own_objects(client, world, name):
    """The mirror image: the same URLs work for the objects of the coordinator's own municipality."""
    own_world = SimpleNamespace(other=world.own, programme=world.programme)
    url = reverse(name, args=URLS[name].args(own_world))
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code in {200, 405}


def test_viewer_sees_every_municipality_but_changes_nothing(client, world):
    client.force_login(world.users["viewer"])
    agreement = world.other.agreement
    assert client.get(reverse("partnerships:agreement_detail", args=[agreement.pk])).status_code == 200
    response = client.post(
        reverse("partnerships:agreement_update", args=[agreement.pk]), {"title": "Changed"}
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title != "Changed"


def test_company_user_sees_only_its_own_company(client, world):
    client.force_login(world.users["company"])
    assert client.get(world.own.company.get_absolute_url()).status_code == 200
    assert client.get(world.other.company.get_absolute_url()).status_code == 404
    assert client.get(reverse("partnerships:school_detail", args=[world.own.school.pk])).status_code == 403
    assert Company.objects.visible_to(world.users["company"]).get() == world.own.company
