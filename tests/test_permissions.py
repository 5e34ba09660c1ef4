"""The permission matrix: every URL of the portal, for every role and method, with one exact status.

Each URL name is registered in `URLS` with its kind, how to build its arguments from the `world` (objects
of the coordinator's own municipality and of another one) and what an allowed user gets for GET and POST
(None: the method is refused with 405). A URL name that is not registered fails
`test_every_url_is_in_the_matrix`, so a new view cannot skip its access check unnoticed. The world is
built once per module and every test runs in a savepoint inside it.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from hosting.models import HostSignup
from hosting.services import signup_token
from imports.models import ImportRun
from partnerships.models import Company, User
from partnerships.schoolyears import SchoolYear
from tests.conftest import kept_for_the_module
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
DASHBOARD = "dashboard"  # where a login lands: a redirect for every role, 403 without one
ROLE_PAGE = "role_page"  # a page without object for coordinators, viewers and staff
ROLE_EDIT_PAGE = "role_edit_page"  # a page that changes data, without object: viewers get 403
OBJECT_READ = "object_read"  # an object of another municipality: 404 for coordinators; viewers read it
OBJECT_EDIT = "object_edit"  # changing another municipality's object: 404 for coordinators, 403 for viewers
COMPANY_PAGE = "company_page"  # company self-service without object: company users only
COMPANY_OBJECT = "company_object"  # company self-service on one of its own objects: company users only
ACCOUNT = "account"  # one's own account: every logged-in person, with a role or not
STAFF_PAGE = "staff_page"  # administrators only (accounts); everybody else 403


@dataclass(frozen=True)
class Case:
    kind: str
    args: object = None  # world -> list of URL arguments (objects of the *other* municipality)
    get: int | None = 200  # what an allowed user gets; None: 405
    post: int | None = None  # what an allowed user gets for an empty POST; None: 405
    company_reads: bool = False  # company users may read such objects (of their own company only)
    overrides: dict = field(default_factory=dict)  # (role, method) -> status


def other(attribute):
    return lambda world: [getattr(world.other, attribute).pk]


def other_slug(world):
    return [world.other.municipality.slug]


def other_account(world):
    """A login of the other municipality (each erasure test runs in its own savepoint)."""
    return [UserFactory(role=User.Role.COORDINATOR, municipalities=[world.other.municipality]).pk]


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


def signup_and_look_alike(world):
    """A waiting sign-up of the other municipality and a registered company there it may belong to."""
    return [*waiting_signup(world), CompanyFactory(municipality=world.other.municipality).pk]


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


FORM = {"get": 200, "post": 200}  # a form page: an empty POST shows the form again with its errors
CONFIRM = {"get": 200, "post": 302}  # GET asks, POST does it and redirects
ACTION = {"get": None, "post": 302}  # POST only
COMPANY_TOO = {("company", "get"): 200, ("company", "post"): 200}
COMPANY_ACTION_TOO = {("company", "post"): 302}

URLS = {
    "reporting:home": Case(PUBLIC),
    "reporting:dashboard": Case(DASHBOARD, get=302),
    # A coordinator of one municipality is sent straight to it; the others choose.
    "reporting:workspace": Case(ROLE_PAGE, overrides={("coordinator", "get"): 302}),
    "reporting:workspace_municipality": Case(OBJECT_READ, other_slug),
    "reporting:region_overview": Case(ROLE_PAGE),
    "reporting:municipality_detail": Case(OBJECT_READ, other_slug),
    "reporting:public_progress": Case(PUBLIC),
    "reporting:public_municipality": Case(PUBLIC, other_slug),
    "reporting:public_progress_csv": Case(PUBLIC),
    "reporting:public_progress_json": Case(PUBLIC),
    "reporting:public_trend_csv": Case(PUBLIC),
    "reporting:public_trend_json": Case(PUBLIC),
    "reporting:annual_report": Case(ROLE_PAGE),
    "reporting:annual_report_xlsx": Case(ROLE_PAGE, lambda world: [SchoolYear.current().start_year]),
    "reporting:annual_report_csv": Case(
        ROLE_PAGE, lambda world: [SchoolYear.current().start_year, "municipalities"]
    ),
    "reporting:accessibility": Case(PUBLIC),
    "imports:import_index": Case(ROLE_EDIT_PAGE),
    "imports:import_upload": Case(ROLE_EDIT_PAGE, lambda world: ["schools"], get=None, post=302),
    # An upload is its uploader's alone: for everyone else (administrators too) it does not exist.
    "imports:import_preview": Case(ROLE_EDIT_PAGE, lambda world: [world.import_run.pk], get=404),
    "imports:import_confirm": Case(ROLE_EDIT_PAGE, lambda world: [world.import_run.pk], get=None, post=404),
    "imports:import_discard": Case(ROLE_EDIT_PAGE, lambda world: [world.import_run.pk], get=None, post=404),
    "imports:template_download": Case(ROLE_EDIT_PAGE, lambda world: ["schools", "xlsx"]),
    "reporting:was": Case(PUBLIC, get=302),
    "partnerships:agreement_list": Case(ROLE_PAGE),
    "partnerships:agreement_export_csv": Case(ROLE_PAGE),
    "partnerships:agreement_export_xlsx": Case(ROLE_PAGE),
    "partnerships:agreement_create": Case(ROLE_EDIT_PAGE, **FORM),
    "partnerships:agreement_create_active": Case(ROLE_EDIT_PAGE, get=None, post=200),
    "partnerships:agreement_choices": Case(ROLE_EDIT_PAGE, lambda world: ["schools"]),
    "partnerships:agreement_detail": Case(OBJECT_READ, other("agreement"), company_reads=True),
    "partnerships:agreement_update": Case(OBJECT_EDIT, other("agreement"), **FORM),
    "partnerships:agreement_activate": Case(OBJECT_EDIT, other("agreement"), **CONFIRM),
    # The end date and the reason are asked for on the page: an empty POST shows it again.
    "partnerships:agreement_end": Case(OBJECT_EDIT, other("agreement"), **FORM),
    "partnerships:agreement_cancel": Case(OBJECT_EDIT, other("agreement"), **FORM),
    "partnerships:agreement_reopen": Case(OBJECT_EDIT, other("agreement"), **CONFIRM),
    "partnerships:agreement_undo": Case(OBJECT_EDIT, other("agreement"), **CONFIRM),
    "partnerships:school_list": Case(ROLE_PAGE),
    "partnerships:school_create": Case(ROLE_EDIT_PAGE, **FORM),
    "partnerships:school_export": Case(ROLE_PAGE, lambda world: ["csv"]),
    "partnerships:company_export": Case(ROLE_PAGE, lambda world: ["xlsx"]),
    "partnerships:contact_export": Case(ROLE_PAGE, lambda world: ["csv"]),
    "hosting:host_signup_export": Case(ROLE_PAGE, lambda world: ["csv"]),
    "partnerships:school_detail": Case(OBJECT_READ, other("school")),
    "partnerships:school_update": Case(OBJECT_EDIT, other("school"), **FORM),
    "partnerships:school_contact_create": Case(OBJECT_EDIT, other("school"), **FORM),
    "partnerships:company_list": Case(ROLE_PAGE),
    "partnerships:company_create": Case(ROLE_EDIT_PAGE, **FORM),
    # The CVR look-up of the company form (off without credentials: it answers so, still 200).
    "partnerships:company_cvr_lookup": Case(ROLE_EDIT_PAGE),
    "partnerships:company_detail": Case(OBJECT_READ, other("company"), company_reads=True),
    "partnerships:company_update": Case(OBJECT_EDIT, other("company"), **FORM),
    "partnerships:company_contact_create": Case(OBJECT_EDIT, other("company"), **FORM),
    "partnerships:contact_update": Case(OBJECT_EDIT, other("school_contact"), **FORM),
    "partnerships:contact_delete": Case(OBJECT_EDIT, other("school_contact"), **CONFIRM),
    "hosting:host_signup": Case(PUBLIC, **FORM),
    "hosting:host_signup_cvr_lookup": Case(PUBLIC, get=404),  # the CVR look-up is off without credentials
    "hosting:host_signup_sent": Case(PUBLIC),
    "hosting:host_signup_new_link": Case(PUBLIC, **FORM),
    "hosting:host_signup_confirm": Case(PUBLIC, unconfirmed_signup_token, **CONFIRM),
    "hosting:host_password_set": Case(PUBLIC, lambda world: ["MQ", "not-a-valid-token"], **FORM),
    "hosting:host_signup_queue": Case(ROLE_PAGE),
    "hosting:host_signup_approve": Case(OBJECT_EDIT, waiting_signup, **CONFIRM),
    "hosting:host_signup_reject": Case(OBJECT_EDIT, waiting_signup, **FORM),
    "hosting:host_signup_attach": Case(OBJECT_EDIT, signup_and_look_alike, **CONFIRM),
    "hosting:my_company": Case(COMPANY_PAGE),
    "hosting:my_company_update": Case(COMPANY_PAGE, **FORM),
    "hosting:my_company_contact_create": Case(COMPANY_PAGE, **FORM),
    "hosting:my_company_contact_update": Case(
        COMPANY_OBJECT, lambda world: [world.own.company_contact.pk], **FORM
    ),
    "hosting:my_company_contact_delete": Case(
        COMPANY_OBJECT, lambda world: [world.own.company_contact.pk], **CONFIRM
    ),
    "privacy:privacy_notice": Case(PUBLIC),
    "privacy:my_account": Case(ACCOUNT, post=302),  # an empty name is a valid one
    "privacy:my_account_export": Case(ACCOUNT),
    "privacy:account_export": Case(STAFF_PAGE, other_account),
    "privacy:account_erase": Case(STAFF_PAGE, other_account, **CONFIRM),
    "privacy:contact_export": Case(OBJECT_EDIT, other("company_contact")),
    "privacy:contact_erase": Case(OBJECT_EDIT, other("school_contact"), **CONFIRM),
    "privacy:resource_person_export": Case(OBJECT_EDIT, other("resource_person")),
    "privacy:resource_person_erase": Case(OBJECT_EDIT, other("resource_person"), **CONFIRM),
    "programmes:programme_detail": Case(PUBLIC, lambda world: [world.programme.slug]),
    "programmes:work_index": Case(ROLE_PAGE),
    "programmes:hopin_week_list": Case(OBJECT_READ, other_slug),
    "programmes:hopin_week_create": Case(OBJECT_EDIT, other_slug, **FORM),
    "programmes:hopin_week_detail": Case(OBJECT_READ, other("week")),
    "programmes:hopin_week_update": Case(OBJECT_EDIT, other("week"), **FORM),
    "programmes:schoolclass_create": Case(OBJECT_EDIT, other("week"), **FORM),
    "programmes:schoolclass_paste": Case(OBJECT_EDIT, other("week"), **FORM),
    "programmes:host_create": Case(OBJECT_EDIT, other("week"), **FORM),
    "programmes:host_add_approved": Case(OBJECT_EDIT, other("week"), **ACTION),
    "programmes:tutoroffer_create": Case(OBJECT_EDIT, other("week"), **FORM),
    "programmes:hopin_plan_run": Case(OBJECT_EDIT, other("week"), **ACTION),
    "programmes:hopin_publish": Case(OBJECT_EDIT, other("week"), **CONFIRM),
    "programmes:hopin_send_correction": Case(OBJECT_EDIT, other("week"), **CONFIRM),
    "programmes:hopin_classcounts": Case(OBJECT_EDIT, other("week"), **CONFIRM),  # every number optional
    "programmes:hopin_export_csv": Case(OBJECT_READ, other("week")),
    "programmes:hopin_export_xlsx": Case(OBJECT_READ, other("week")),
    "programmes:hopin_print_school": Case(
        OBJECT_READ, lambda world: [world.other.week.pk, world.other.school.pk]
    ),
    "programmes:hopin_print_host": Case(
        OBJECT_READ, lambda world: [world.other.week.pk, world.other.host.pk], company_reads=True
    ),
    "programmes:schoolclass_update": Case(OBJECT_EDIT, other("school_class"), **FORM),
    "programmes:schoolclass_delete": Case(OBJECT_EDIT, other("school_class"), **CONFIRM),
    "programmes:placement_move": Case(OBJECT_EDIT, other("school_class"), **FORM),
    "programmes:host_update": Case(OBJECT_EDIT, other("host"), **FORM),
    "programmes:host_delete": Case(OBJECT_EDIT, other("host"), **CONFIRM),
    "programmes:tutoroffer_update": Case(OBJECT_EDIT, other("tutor_offer"), **FORM),
    "programmes:tutoroffer_delete": Case(OBJECT_EDIT, other("tutor_offer"), **CONFIRM),
    "programmes:placement_lock": Case(OBJECT_EDIT, other("placement"), **ACTION),
    "programmes:placement_unlock": Case(OBJECT_EDIT, other("placement"), **ACTION),
    "programmes:placement_delete": Case(OBJECT_EDIT, other("placement"), **CONFIRM),
    "programmes:outreach_list": Case(OBJECT_READ, other_slug),
    "programmes:outreach_create": Case(OBJECT_EDIT, other_slug, **FORM),
    "programmes:outreach_update": Case(OBJECT_EDIT, other("outreach"), **FORM),
    "programmes:outreach_delete": Case(OBJECT_EDIT, other("outreach"), **CONFIRM),
    "programmes:network_overview": Case(OBJECT_READ, other_slug),
    "programmes:training_create": Case(OBJECT_EDIT, other_slug, **FORM),
    "programmes:resource_person_create": Case(OBJECT_EDIT, other_slug, **FORM),
    "programmes:network_member_create": Case(OBJECT_EDIT, other_slug, **FORM),
    "programmes:training_update": Case(OBJECT_EDIT, other("training"), **FORM),
    "programmes:training_delete": Case(OBJECT_EDIT, other("training"), **CONFIRM),
    "programmes:resource_person_update": Case(OBJECT_EDIT, other("resource_person"), **FORM),
    "programmes:network_member_update": Case(OBJECT_EDIT, other("network_member"), **FORM),
    "programmes:network_member_delete": Case(OBJECT_EDIT, other("network_member"), **CONFIRM),
    # Every role has a profile (its reminders and calendar address), company users included.
    "reminders:profile": Case(ROLE_PAGE, **FORM, overrides=COMPANY_TOO),
    "reminders:calendar_feed_create": Case(ROLE_PAGE, **ACTION, overrides=COMPANY_ACTION_TOO),
    "reminders:calendar_feed_revoke": Case(ROLE_PAGE, **ACTION, overrides=COMPANY_ACTION_TOO),
    "reminders:calendar_feed": Case(PUBLIC, lambda world: ["no-such-secret"], get=404),
    "reminders:agreement_reminders": Case(OBJECT_EDIT, other("agreement"), get=200, post=302),
    "reminders:host_answer": Case(PUBLIC, lambda world: ["not-a-signed-link"], get=400, post=400),
    "reminders:host_answer_thanks": Case(PUBLIC, lambda world: ["not-a-signed-link"], get=400),
    "reminders:company_hosting": Case(COMPANY_PAGE, **FORM),
}

ROLES = ["anonymous", "no_role", "coordinator", "viewer", "company", "staff"]
METHODS = ["get", "post"]
PROJECT_NAMESPACES = {"reporting", "partnerships", "hosting", "privacy", "programmes", "reminders", "imports"}


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
        if isinstance(pattern, URLResolver) and pattern.namespace in PROJECT_NAMESPACES:
            names |= url_names(pattern, pattern.namespace)
    return names


def test_every_url_is_in_the_matrix():
    names = project_url_names()
    assert not names - set(URLS), (
        f"register these URL names in tests/test_permissions.py: {sorted(names - set(URLS))}"
    )
    assert not set(URLS) - names, f"these URL names no longer exist: {sorted(set(URLS) - names)}"


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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two municipalities with one of everything, and a user per role: made once for the module, inside
    a transaction that is rolled back at its end (each test adds a savepoint of its own)."""
    with kept_for_the_module(django_db_blocker):
        own = organisation_set(MunicipalityFactory(name="Egen", code="9001", slug="egen"))
        other_set = organisation_set(MunicipalityFactory(name="Anden", code="9002", slug="anden"))
        users = {
            "no_role": UserFactory(),
            "coordinator": UserFactory(role=User.Role.COORDINATOR, municipalities=[own.municipality]),
            "viewer": UserFactory(role=User.Role.VIEWER),
            "company": UserFactory(role=User.Role.COMPANY, company=own.company),
            "staff": UserFactory(is_staff=True, is_superuser=True),
        }
        import_run = ImportRun.objects.create(kind="schools", filename="skoler.csv", content=b"Skole;Kommune")
        yield SimpleNamespace(
            own=own,
            other=other_set,
            users=users,
            sessions={role: session_of(user) for role, user in users.items()},
            programme=ProgrammeFactory(),
            import_run=import_run,
        )


def session_of(user) -> str:
    """The key of a session logged in as `user`, made once for the module with Django's own login: a test
    only sends its cookie (a logout or a new password inside a test is rolled back with the test)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def expected(case: Case, role: str, method: str) -> int:
    """The one status code a role gets for a URL and method."""
    if (role, method) in case.overrides:
        return case.overrides[(role, method)]
    success = getattr(case, method)
    if case.kind == PUBLIC:
        return success or 405
    if role == "anonymous":
        return 302  # to the login page, before anything else
    if success is None:
        return 405  # the method is refused before any access check
    if case.kind == ACCOUNT:
        return success
    if case.kind == STAFF_PAGE:
        return success if role == "staff" else 403
    if case.kind == DASHBOARD:
        return 403 if role == "no_role" else success
    if role == "no_role":
        return 403
    if case.kind in (COMPANY_PAGE, COMPANY_OBJECT):
        return success if role == "company" else 403
    if role == "company":
        return 404 if case.company_reads else 403
    if role == "staff":
        return success
    if case.kind in (ROLE_PAGE, ROLE_EDIT_PAGE):
        return 403 if role == "viewer" and case.kind == ROLE_EDIT_PAGE else success
    if role == "coordinator":
        return 404  # another municipality's object does not exist for them
    return success if case.kind == OBJECT_READ else 403  # the viewer reads but never changes


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(URLS))
def test_permission_matrix(client, world, name, role, method):
    case = URLS[name]
    url = reverse(name, args=case.args(world) if case.args else [])
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    response = getattr(client, method)(url)
    assert response.status_code == expected(case, role, method), f"{role} {method.upper()} {url}"
    if role == "anonymous" and case.kind != PUBLIC:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(n for n, c in URLS.items() if c.kind in (OBJECT_READ, OBJECT_EDIT)))
def test_coordinator_reaches_own_objects(client, world, name):
    """The mirror image: the same URLs work for the objects of the coordinator's own municipality."""
    own_world = SimpleNamespace(other=world.own, programme=world.programme)
    case = URLS[name]
    url = reverse(name, args=case.args(own_world))
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code == (case.get or 405)


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
