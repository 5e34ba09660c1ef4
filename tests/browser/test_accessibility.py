"""WCAG 2.1 AA in a real browser: axe-core and the Nu Html Checker on every page, in Danish and English.

To cover a new page, add it to PAGES (or FORMS_WITH_ERRORS for a form that should be sent empty, or with
the `wrong_input` typed into it).
Needs Debian's chromium, a Java runtime and the npm packages from package-lock.json (`make install-dev`).
"""

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from tests.demo_rows import seed_demo

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The checker runs a few seconds: its JVM compiles quickly (the first tier only) and collects garbage on one
# thread, which halves the CPU time it takes from the test worker beside it; the same messages.
JAVA_OPTIONS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss8m"]


@dataclass(frozen=True)
class Page:
    role: str  # anonymous, coordinator, viewer, company, norole (see login_as)
    path: Callable[[SimpleNamespace], str]  # from the demo objects of `site` to a URL
    status: int = 200
    wrong_input: tuple[tuple[str, str], ...] = ()  # (selector, value) typed before sending a form


# Every page of the portal. `s` holds demo objects: s.municipality, s.agreement (active), s.draft,
# s.school, s.company, s.contact (of the coordinator's municipality), s.own_company (the company user's).
PAGES = [
    Page("anonymous", lambda s: reverse("reporting:home")),
    Page("anonymous", lambda s: reverse("login")),
    Page("anonymous", lambda s: reverse("reporting:accessibility")),
    Page("anonymous", lambda s: reverse("programmes:programme_detail", args=["hop-in"])),
    Page("anonymous", lambda s: reverse("programmes:programme_detail", args=["fremtidens-skole"])),
    Page("anonymous", lambda s: reverse("reporting:public_progress")),
    Page("anonymous", lambda s: reverse("reporting:public_municipality", args=[s.municipality.slug])),
    Page("anonymous", lambda s: reverse("password_reset")),
    Page("anonymous", lambda s: reverse("password_reset_done")),
    Page("anonymous", lambda s: "/does-not-exist/", status=404),
    Page("coordinator", lambda s: reverse("reporting:home")),
    Page("coordinator", lambda s: reverse("reporting:workspace_municipality", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("partnerships:agreement_list")),
    Page("coordinator", lambda s: reverse("partnerships:agreement_list") + "?status=active&ordering=title"),
    Page("coordinator", lambda s: reverse("partnerships:agreement_create")),
    Page("coordinator", lambda s: reverse("partnerships:agreement_detail", args=[s.agreement.pk])),
    Page("coordinator", lambda s: reverse("partnerships:agreement_update", args=[s.agreement.pk])),
    Page("coordinator", lambda s: reverse("partnerships:agreement_activate", args=[s.draft.pk])),
    Page("coordinator", lambda s: reverse("partnerships:agreement_end", args=[s.agreement.pk])),
    Page("coordinator", lambda s: reverse("partnerships:agreement_cancel", args=[s.agreement.pk])),
    Page("coordinator", lambda s: reverse("partnerships:school_list")),
    Page("coordinator", lambda s: reverse("partnerships:school_create")),
    Page("coordinator", lambda s: reverse("partnerships:school_detail", args=[s.school.pk])),
    Page("coordinator", lambda s: reverse("partnerships:school_update", args=[s.school.pk])),
    Page("coordinator", lambda s: reverse("partnerships:school_contact_create", args=[s.school.pk])),
    Page("coordinator", lambda s: reverse("partnerships:company_list")),
    Page("coordinator", lambda s: reverse("partnerships:company_create")),
    Page("coordinator", lambda s: reverse("partnerships:company_detail", args=[s.company.pk])),
    Page("coordinator", lambda s: reverse("partnerships:company_update", args=[s.company.pk])),
    Page("coordinator", lambda s: reverse("partnerships:company_contact_create", args=[s.company.pk])),
    Page("coordinator", lambda s: reverse("partnerships:contact_update", args=[s.contact.pk])),
    Page("coordinator", lambda s: reverse("reporting:region_overview")),
    Page("coordinator", lambda s: reverse("reporting:municipality_detail", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("reporting:annual_report")),
    Page("coordinator", lambda s: reverse("password_change")),
    Page("viewer", lambda s: reverse("reporting:workspace")),
    Page("viewer", lambda s: reverse("reporting:workspace_municipality", args=[s.municipality.slug])),
    Page("viewer", lambda s: reverse("partnerships:agreement_list")),
    Page("viewer", lambda s: reverse("partnerships:agreement_detail", args=[s.agreement.pk])),
    Page("viewer", lambda s: reverse("partnerships:school_list")),
    Page("viewer", lambda s: reverse("partnerships:company_detail", args=[s.company.pk])),
    Page("viewer", lambda s: reverse("reporting:region_overview")),
    Page("viewer", lambda s: reverse("reporting:annual_report")),
    Page("viewer", lambda s: reverse("partnerships:agreement_create"), status=403),
    Page("company", lambda s: reverse("partnerships:company_detail", args=[s.own_company.pk])),
    Page("norole", lambda s: reverse("reporting:dashboard"), status=403),
    # Host sign-up, approval, company self-service and personal data (issue 5)
    Page("anonymous", lambda s: reverse("hosting:host_signup")),
    Page("anonymous", lambda s: reverse("hosting:host_signup_sent")),
    Page("anonymous", lambda s: reverse("hosting:host_signup_new_link")),
    Page("anonymous", lambda s: reverse("hosting:host_signup_confirm", args=["tampered"]), status=400),
    Page("anonymous", lambda s: reverse("privacy:privacy_notice")),
    Page("coordinator", lambda s: reverse("hosting:host_signup_queue")),
    Page("coordinator", lambda s: reverse("hosting:host_signup_approve", args=[s.signup.pk])),
    Page("coordinator", lambda s: reverse("hosting:host_signup_reject", args=[s.signup.pk])),
    Page("coordinator", lambda s: reverse("privacy:contact_erase", args=[s.contact.pk])),
    Page("coordinator", lambda s: reverse("partnerships:contact_delete", args=[s.contact.pk])),
    Page("coordinator", lambda s: reverse("privacy:my_account")),
    Page("viewer", lambda s: reverse("hosting:host_signup_queue")),
    Page("company", lambda s: reverse("hosting:my_company")),
    Page("company", lambda s: reverse("hosting:my_company_update")),
    Page("company", lambda s: reverse("hosting:my_company_contact_create")),
    Page("company", lambda s: reverse("hosting:my_company_contact_update", args=[s.own_contact.pk])),
    # Programme work (issue 7). More demo objects: s.week (the coordinator's HOP-IN week), s.unplaced (a class
    # of it without a host), s.placement, s.host, s.tutor_offer, s.plan_school (a school with placed classes),
    # s.outreach, s.training, s.person, s.member (in the coordinator's municipality), s.participant (a
    # municipality in all three programmes) and s.own_host (the company user's hosting).
    Page("anonymous", lambda s: reverse("programmes:programme_detail", args=["jet-net"])),
    Page("coordinator", lambda s: reverse("programmes:work_index")),
    Page("coordinator", lambda s: reverse("programmes:hopin_week_list", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:hopin_week_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:hopin_week_detail", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:hopin_week_update", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:schoolclass_create", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:schoolclass_paste", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:schoolclass_update", args=[s.unplaced.pk])),
    Page("coordinator", lambda s: reverse("programmes:placement_move", args=[s.unplaced.pk])),
    Page("coordinator", lambda s: reverse("programmes:host_create", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:host_update", args=[s.host.pk])),
    Page("coordinator", lambda s: reverse("programmes:tutoroffer_create", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:tutoroffer_update", args=[s.tutor_offer.pk])),
    Page("coordinator", lambda s: reverse("programmes:hopin_publish", args=[s.week.pk])),
    Page(
        "coordinator", lambda s: reverse("programmes:hopin_print_school", args=[s.week.pk, s.plan_school.pk])
    ),
    Page("coordinator", lambda s: reverse("programmes:hopin_print_host", args=[s.week.pk, s.host.pk])),
    Page("coordinator", lambda s: reverse("programmes:outreach_list", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:outreach_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:outreach_update", args=[s.outreach.pk])),
    Page("coordinator", lambda s: reverse("programmes:network_overview", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:training_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:training_update", args=[s.training.pk])),
    Page("coordinator", lambda s: reverse("programmes:resource_person_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:resource_person_update", args=[s.person.pk])),
    Page("coordinator", lambda s: reverse("programmes:network_member_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:network_member_update", args=[s.member.pk])),
    Page("viewer", lambda s: reverse("programmes:work_index")),
    Page("viewer", lambda s: reverse("reporting:municipality_detail", args=[s.participant.slug])),
    Page("viewer", lambda s: reverse("programmes:hopin_week_list", args=[s.participant.slug])),
    Page("viewer", lambda s: reverse("programmes:hopin_week_detail", args=[s.week.pk])),
    Page("viewer", lambda s: reverse("programmes:hopin_print_school", args=[s.week.pk, s.plan_school.pk])),
    Page("viewer", lambda s: reverse("programmes:outreach_list", args=[s.participant.slug])),
    Page("viewer", lambda s: reverse("programmes:network_overview", args=[s.participant.slug])),
    Page("viewer", lambda s: reverse("programmes:hopin_publish", args=[s.week.pk]), status=403),
    Page(
        "company", lambda s: reverse("programmes:hopin_print_host", args=[s.own_host.week_id, s.own_host.pk])
    ),
    # Reminders, calendars and the yearly host question (issue 15)
    Page("coordinator", lambda s: reverse("reminders:profile")),
    Page("company", lambda s: reverse("reminders:profile")),
    Page("coordinator", lambda s: reverse("reminders:agreement_reminders", args=[s.agreement.pk])),
    Page("company", lambda s: reverse("reminders:company_hosting")),
    Page("anonymous", lambda s: reverse("reminders:host_answer", args=[s.answer_token])),
    Page("anonymous", lambda s: reverse("reminders:host_answer", args=["changed"]), status=400),
]

# Forms sent empty (or wrong), so that their error messages are checked too.
FORMS_WITH_ERRORS = [
    Page("anonymous", lambda s: reverse("login")),
    Page("coordinator", lambda s: reverse("partnerships:agreement_create")),
    Page("coordinator", lambda s: reverse("partnerships:school_create")),
    Page("coordinator", lambda s: reverse("partnerships:company_create")),
    Page("coordinator", lambda s: reverse("partnerships:school_contact_create", args=[s.school.pk])),
    Page("coordinator", lambda s: reverse("password_change")),
    Page("anonymous", lambda s: reverse("hosting:host_signup")),
    Page("anonymous", lambda s: reverse("hosting:host_signup_new_link")),
    Page("coordinator", lambda s: reverse("hosting:host_signup_reject", args=[s.signup.pk])),
    Page("company", lambda s: reverse("hosting:my_company_contact_create")),
    Page("company", lambda s: reverse("reminders:company_hosting")),
    # Programme work (issue 7)
    Page("coordinator", lambda s: reverse("programmes:hopin_week_create", args=[s.municipality.slug])),
    Page(
        "coordinator",
        lambda s: reverse("programmes:hopin_week_update", args=[s.week.pk]),
        wrong_input=(("#id_ends_on", "2000-01-03"),),  # before the first day
    ),
    Page("coordinator", lambda s: reverse("programmes:schoolclass_create", args=[s.week.pk])),
    Page(
        "coordinator",
        lambda s: reverse("programmes:schoolclass_paste", args=[s.week.pk]),
        wrong_input=(("#id_lines", "7.D; 24\n7.E; 99\n7.D"),),  # a class size out of range, a name twice
    ),
    Page("coordinator", lambda s: reverse("programmes:host_create", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:tutoroffer_create", args=[s.week.pk])),
    Page("coordinator", lambda s: reverse("programmes:outreach_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:training_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:resource_person_create", args=[s.municipality.slug])),
    Page("coordinator", lambda s: reverse("programmes:network_member_create", args=[s.municipality.slug])),
]

DEMO_ACCOUNTS = {
    "coordinator": "koordinator@example.com",
    "viewer": "region@example.com",
    "company": "virksomhed@example.com",
}


def missing_tools() -> list[str]:
    missing = []  # Chromium itself is checked by conftest.py for every browser test
    if shutil.which("java") is None:
        missing.append("java (apt-get install default-jre-headless)")
    if not AXE.exists() or not VNU.exists():
        missing.append("node_modules/axe-core and node_modules/vnu-jar (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (make install-dev)")
    return missing


MISSING = missing_tools()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(bool(MISSING), reason="accessibility tools missing: " + ", ".join(MISSING)),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site():
    """The demo data, and objects from it for the URLs of PAGES."""
    seed_demo()
    from hosting.models import HostSignup
    from partnerships.models import CooperationAgreement, User

    coordinator = User.objects.get(email=DEMO_ACCOUNTS["coordinator"])
    agreements = CooperationAgreement.objects.visible_to(coordinator).order_by("pk")
    agreement = agreements.filter(status=CooperationAgreement.Status.ACTIVE).first()
    User.objects.create_user(email="ingen-rolle@example.com", password="demo-adgang-2026")
    municipality = coordinator.municipalities.first()
    own_company = User.objects.get(email=DEMO_ACCOUNTS["company"]).company
    return SimpleNamespace(
        municipality=municipality,
        agreement=agreement,
        draft=agreements.filter(status=CooperationAgreement.Status.DRAFT).first(),
        school=agreement.school,
        company=agreement.company,
        contact=agreement.school.contacts.first(),
        own_company=own_company,
        own_contact=own_company.contacts.first(),
        signup=HostSignup.objects.visible_to(coordinator).waiting().first(),
        answer_token=yearly_answer_token(own_company),
        **programme_work(municipality, own_company),
    )


def yearly_answer_token(company) -> str:
    """The signed link value of the company's yearly host question (asked now)."""
    from django.utils import timezone

    from partnerships.schoolyears import SchoolYear
    from reminders.hosts import answer_token
    from reminders.models import HostAnswer

    answer, _created = HostAnswer.objects.get_or_create(
        company=company, school_year=SchoolYear.current().start_year, defaults={"asked_at": timezone.now()}
    )
    return answer_token(answer)


def programme_work(municipality, own_company) -> dict:
    """Demo objects for issue 7's pages. The coordinator's municipality gets a row of every kind, so that
    every table shows with its buttons; also a locked placement, a class without a host, last year's week."""
    import datetime

    from partnerships.models import Company, Municipality, School
    from programmes.hopin.models import HopInHost, HopInWeek, Placement, SchoolClass
    from programmes.models import NetworkMember, OutreachActivity, ResourcePerson, TeacherTraining

    week = HopInWeek.objects.filter(municipality=municipality).latest("school_year")
    host = week.hosts.order_by("company__name").first()
    placement = Placement.objects.filter(host__week=week).order_by("pk").first()
    placement.locked = True
    placement.save(update_fields=["locked"])
    unplaced = SchoolClass.objects.create(
        school=placement.school_class.school,
        school_year=week.school_year,
        grade=week.grade,
        name="7.X",
        pupils=22,
        wish_1=host.company,
    )
    last_year = HopInWeek.objects.create(
        municipality=municipality,
        school_year=week.school_year - 1,
        starts_on=week.starts_on - datetime.timedelta(days=364),
        ends_on=week.ends_on - datetime.timedelta(days=364),
    )
    HopInHost.objects.create(
        week=last_year, company=host.company, capacity=1, will_host_again=HopInHost.Answer.YES
    )
    school = School.objects.primary().filter(municipality=municipality).first()
    company = Company.objects.filter(municipality=municipality).first()
    member = NetworkMember.objects.create(municipality=municipality, company=company, notes="Mentorer")
    member.schools.set([school])
    in_all = (
        Municipality.objects.filter(participations__programme__slug="hop-in")
        .filter(participations__programme__slug="jet-net")
        .filter(participations__programme__slug="fremtidens-skole")
    )
    return {
        "week": week,
        "host": host,
        "placement": placement,
        "unplaced": unplaced,
        "tutor_offer": week.tutor_offers.first(),
        "plan_school": placement.school_class.school,
        "outreach": OutreachActivity.objects.create(
            municipality=municipality,
            step=OutreachActivity.Step.BUSINESS,
            date=week.starts_on - datetime.timedelta(days=100),
            audience="Erhvervsrådet",
            reached=14,
            notes="Oplæg om HOP-IN",
        ),
        "training": TeacherTraining.objects.create(
            school=school, date=week.starts_on, teachers_trained=8, subject_focus="Teknologiforståelse"
        ),
        "person": ResourcePerson.objects.create(
            name="Jens Holm",
            organisation=f"{municipality.name} Kommune",
            municipality=municipality,
            role="Konsulent",
        ),
        "member": member,
        "participant": in_all.first(),
        "own_host": HopInHost.objects.filter(company=own_company).latest("week__school_year"),
    }


def login_as(context, live_site, role: str) -> None:
    """Give the browser the session cookie of the demo account for `role` (no role: a fresh account)."""
    from partnerships.models import User

    if role == "anonymous":
        return
    email = DEMO_ACCOUNTS.get(role, "ingen-rolle@example.com")
    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_site.url}])


def new_context(browser, live_site, role: str, language: str):
    context = browser.new_context(locale="da-DK" if language == "da" else "en-GB")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_site.url}])
    context.add_init_script(path=str(AXE))  # not subject to the page's CSP, unlike a <script> tag
    login_as(context, live_site, role)
    return context


DESKTOP = {"width": 1280, "height": 720}  # Playwright's default viewport


def new_tab(browser, live_site, role: str, language: str):
    """A tab in a new context for `role`, and the list its console errors are collected in."""
    tab = new_context(browser, live_site, role, language).new_page()
    console_errors: list[tuple[str, str]] = []
    tab.on(
        "console",
        lambda msg: msg.type == "error" and console_errors.append((msg.text, msg.location.get("url", ""))),
    )
    return tab, console_errors


def axe_violations(page) -> list[str]:
    violations = page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]


STRUCTURE_JS = """() => {
    const problems = [];
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
    const h1 = headings.filter(h => h.tagName === 'H1').length;
    if (h1 !== 1) problems.push(`${h1} <h1> elements, expected one`);
    let level = 0;
    for (const h of headings) {
        const next = Number(h.tagName[1]);
        if (next > level + 1) {
            problems.push(`heading level skipped: h${level} to h${next} "${h.textContent.trim()}"`);
        }
        level = next;
    }
    for (const th of document.querySelectorAll('th:not([scope])')) {
        problems.push(`<th> without scope: "${th.textContent.trim()}"`);
    }
    const actions = new Map();
    for (const button of document.querySelectorAll('main button')) {
        const name = (button.getAttribute('aria-label') || button.textContent).replace(/\\s+/g, ' ').trim();
        const form = button.form;
        const action = form ? `${form.action} ${new URLSearchParams(new FormData(form))}` : '';
        actions.set(name, (actions.get(name) || new Set()).add(action));
    }
    for (const [name, targets] of actions) {
        if (targets.size > 1) problems.push(`${targets.size} buttons named "${name}" do different things`);
    }
    return problems;
}"""


def structure_problems(page) -> list[str]:
    """One <h1>, no heading level skipped, every <th> with scope, and buttons that do different things named
    differently (e.g. "Lock 7.A" with visually hidden text, not "Lock" again and again)."""
    return page.evaluate(STRUCTURE_JS)


def narrow_screen_problems(page) -> list[str]:
    """WCAG 1.4.10 (reflow) at 320 CSS pixels: the page itself never scrolls sideways; only a table's own
    scroll box may, and a keyboard must reach it (axe's rule for that only fires once something scrolls)."""
    page.set_viewport_size({"width": 320, "height": 640})
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        problems.append(f"reflow: the page is {width}px wide in a 320px window")
    violations = page.evaluate(
        "async rule => (await axe.run(document, {runOnly: {type: 'rule', values: [rule]},"
        " resultTypes: ['violations']})).violations",
        "scrollable-region-focusable",
    )
    problems += [
        f"axe at 320px {violation['id']}: "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]
    return problems


def html_checker_errors(files: dict[Path, str]) -> list[str]:
    """Run the Nu Html Checker once over all saved pages; one line per error."""
    if not files:
        return []
    result = subprocess.run(
        [
            "java",
            *JAVA_OPTIONS,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stdout)["messages"]
    by_name = {path.name: label for path, label in files.items()}
    return [
        f"{by_name.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}: "
        f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] == "error"
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_passes_axe_and_the_html_checker(live_site, browser, site, language, tmp_path):
    problems: list[str] = []
    saved: dict[Path, str] = {}
    visits = [(page, False) for page in PAGES] + [(page, True) for page in FORMS_WITH_ERRORS]
    tabs = {}  # one tab per role, reused: a new tab costs the browser more than the page itself
    for number, (spec, send_empty) in enumerate(visits):
        if spec.role not in tabs:
            tabs[spec.role] = new_tab(browser, live_site, spec.role, language)
        tab, console_errors = tabs[spec.role]
        console_errors.clear()
        tab.set_viewport_size(DESKTOP)  # the previous page's reflow check left it narrow
        path = spec.path(site)
        sent = " (sent with wrong input)" if spec.wrong_input else " (sent empty)"
        label = f"{language} {spec.role} {path}" + (sent if send_empty else "")
        response = tab.goto(live_site.url + path)
        expected = spec.status
        if send_empty:
            for selector, value in spec.wrong_input:
                tab.fill(selector, value)
            with tab.expect_navigation() as navigation:
                tab.locator("main form[method=post] [type=submit]:not([name=_find])").first.click()
            response = navigation.value
            expected = 200
            if not tab.locator(".invalid-feedback, .alert-danger, .errorlist").count():
                problems.append(f"{label}: no error message shown")
        if response.status != expected:
            problems.append(f"{label}: status {response.status}, expected {expected}")
        problems += [f"{label}: axe {violation}" for violation in axe_violations(tab)]
        problems += [f"{label}: {problem}" for problem in structure_problems(tab)]
        problems += [f"{label}: {problem}" for problem in narrow_screen_problems(tab)]
        # CSP violations and script errors; an error page's own status is expected, not a problem.
        page_url = live_site.url + path
        problems += [f"{label}: browser console: {text}" for text, url in console_errors if url != page_url]
        html_file = tmp_path / f"page{number:03}.html"
        html_file.write_text(response.text())
        saved[html_file] = label
    for tab, _console_errors in tabs.values():
        tab.context.close()
    problems += html_checker_errors(saved)
    assert not problems, f"{len(problems)} accessibility/HTML problems:\n" + "\n".join(problems)


def focus_is_visible(page) -> bool:
    """An outline of 2px or more, or a box shadow, on the focused element (after Bootstrap's transition).

    The calendar button inside a date field is out of reach of getComputedStyle; portal.css outlines it.
    """
    from playwright.sync_api import TimeoutError

    try:
        page.wait_for_function(
            """() => {
                const element = document.activeElement;
                const inside = !element.matches(':focus') && element.matches(':focus-within');
                if (element.type === 'date' && inside) {
                    return true;
                }
                const style = getComputedStyle(element);
                const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                return outline || style.boxShadow !== 'none';
            }""",
            timeout=1000,
        )
    except TimeoutError:
        return False
    return True


def tab_to(page, selector: str, limit: int = 60) -> list[str]:
    """Press Tab until `selector` has focus; returns the elements whose focus was not visible on the way."""
    invisible = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if not focus_is_visible(page):
            invisible.append(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return invisible
    raise AssertionError(f"{selector} never got focus with Tab")


def test_agreement_form_with_the_keyboard_alone(live_site, browser, site):
    from partnerships.models import CooperationAgreement

    context = new_context(browser, live_site, "coordinator", "da")
    page = context.new_page()
    page.goto(live_site.url + reverse("partnerships:agreement_create"))
    # With the combobox the no-JavaScript Find button is gone, so Enter in a field saves, never searches.
    assert page.locator("main form [name=_find]").count() == 0

    invisible = tab_to(page, "#id_title")
    page.keyboard.type("Robotdag i 8. klasse")
    invisible += tab_to(page, "#id_school")
    page.keyboard.press("ArrowDown")
    # The companies are many: a combobox that searches as you type (static/js/autocomplete.js).
    invisible += tab_to(page, "#id_company-combobox")
    page.keyboard.type("a")
    page.wait_for_selector("#id_company-combobox-listbox [role=option]")
    assert page.get_attribute("#id_company-combobox", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    chosen = page.text_content("#id_company-combobox-listbox [aria-selected=true]")
    page.keyboard.press("Enter")
    assert page.input_value("#id_company-combobox") == chosen
    assert page.get_attribute("#id_company-combobox", "aria-expanded") == "false"
    invisible += tab_to(page, "#id_activities")
    page.keyboard.type("Eleverne programmerer en robotarm.")
    invisible += tab_to(page, "#id_start_date")
    page.keyboard.type("01012027")  # day and month alike: the field's order follows the browser's locale
    invisible += tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert not invisible, "focus not visible on: " + ", ".join(invisible)
    agreement = CooperationAgreement.objects.get(title="Robotdag i 8. klasse")
    assert page.url == live_site.url + agreement.get_absolute_url()
    assert agreement.activities == "Eleverne programmerer en robotarm."
    assert str(agreement.start_date) == "2027-01-01"
    assert agreement.school.municipality == site.municipality
    assert f"{agreement.company.name} (" in chosen
    context.close()


def test_host_signup_with_the_keyboard_alone(live_site, browser, site):
    from hosting.models import HostSignup

    context = new_context(browser, live_site, "anonymous", "da")
    page = context.new_page()
    page.goto(live_site.url + reverse("hosting:host_signup"))

    invisible = tab_to(page, "#id_name", limit=80)
    page.keyboard.type("Tastatur Maskiner ApS")
    invisible += tab_to(page, "#id_cvr")
    page.keyboard.type("DK 12 34 56 74")
    invisible += tab_to(page, "#id_address")
    page.keyboard.type("Industrivej 1")
    invisible += tab_to(page, "#id_postcode")
    page.keyboard.type("8350")  # Hundslund: in Odder only
    invisible += tab_to(page, "#id_contact_name")
    page.keyboard.type("Tove Tastatur")
    invisible += tab_to(page, "#id_contact_email")
    page.keyboard.type("tove@example.com")
    invisible += tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    invisible += tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert not invisible, "focus not visible on: " + ", ".join(invisible)
    signup = HostSignup.objects.get(cvr="12345674")
    assert signup.name == "Tastatur Maskiner ApS"
    assert signup.municipality.code == "0727"  # pre-selected from the postcode
    assert signup.status == HostSignup.Status.UNVERIFIED
    # The form's own fragment (#form-heading) carries over the redirect, as browsers do.
    assert page.url.split("#")[0] == live_site.url + reverse("hosting:host_signup_sent")
    context.close()
