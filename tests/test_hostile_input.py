"""No input of any shape gives a server error: NUL characters, numbers too large for any column, dates out
of range, and (hypothesis) random values in every field of every form of the portal, on SQLite and
PostgreSQL alike."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permissions import FORM, PUBLIC, URLS, world  # noqa: F401  (world: the module's data)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    ["/schools/?q=a%00b", "/companies/?q=%00", "/agreements/?q=%00", "/admin/partnerships/school/?q=%00"],
)
def test_a_nul_character_in_a_search_is_refused_politely(client, world, url):  # noqa: F811
    client.force_login(world.users["staff"])
    response = client.get(url)
    assert response.status_code == 400
    assert "<h1" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "start_date__year=99999999999",
        "start_date__year=9999",
        "start_date__year=2025&start_date__month=13",
        "start_date__year=2025&start_date__month=2&start_date__day=31",
        f"id__in={HUGE}",
    ],
)
def test_the_admin_date_hierarchy_refuses_impossible_dates(client, world, query):  # noqa: F811
    client.force_login(world.users["staff"])
    response = client.get(reverse("admin:partnerships_cooperationagreement_changelist") + "?" + query)
    assert response.status_code in (200, 302)


def test_a_huge_id_in_a_multiple_choice_is_a_form_error(client, world):  # noqa: F811
    response = client.post(reverse("hosting:host_signup"), {"name": "X", "programmes_of_interest": [HUGE]})
    assert response.status_code == 200
    assert "programmes_of_interest" in response.context["form"].errors
    client.force_login(world.users["staff"])
    response = client.post(reverse("partnerships:agreement_create"), {"contact_persons": [HUGE, "1"]})
    assert response.status_code == 200
    assert "contact_persons" in response.context["form"].errors


@pytest.mark.parametrize("digits", ["²", "³", "١٢", "１２"])
def test_digits_that_are_not_0_to_9_are_a_form_error(client, world, digits):  # noqa: F811
    """Superscripts and other scripts' digits pass `str.isdigit()`; as ids they are refused, not a 500."""
    client.force_login(world.users["staff"])
    response = client.post(reverse("partnerships:agreement_create"), {"school": digits, "company": digits})
    assert response.status_code == 200
    assert {"school", "company"} <= set(response.context["form"].errors)
    url = reverse("partnerships:agreement_choices", args=["contacts"])
    response = client.get(url, {"school": digits, "company": digits, "keep": digits})
    assert response.status_code == 200
    assert response.json() == {"results": []}


class FormFields(HTMLParser):
    """The fields of the page's first POST form in <main>: name -> (kind, options)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, tuple[str, list[str]]] = {}
        self.in_form = self.in_main = self.done = False
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif (
            tag == "form" and self.in_main and not self.done and (attrs.get("method") or "").lower() == "post"
        ):
            self.in_form = True
        elif self.in_form and attrs.get("name") and attrs["name"] != "csrfmiddlewaretoken":
            if tag == "select":
                self.select = attrs["name"]
                self.fields[self.select] = ("select", [])
            elif tag in ("input", "textarea"):
                kind = attrs.get("type", "text") if tag == "input" else "text"
                options = self.fields.get(attrs["name"], (kind, []))[1]
                if kind in ("checkbox", "radio"):
                    options.append(attrs.get("value", "on"))
                self.fields[attrs["name"]] = (kind, options)
        elif tag == "option" and self.select:
            self.fields[self.select][1].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


HOSTILE = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(lambda text: text + "\x00"),
    st.sampled_from(
        [HUGE, "-" + HUGE, "-1", "0", "1e309", "NaN", "", " ", "2025-02-30", "99999-12-31", "31.12.99999"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.just("x" * 5000),
    st.just("<script>alert(1)</script>'\"; DROP TABLE x; --"),
)


def values_for(kind: str, options: list[str]):
    if options:
        return st.one_of(
            st.sampled_from(options), HOSTILE, st.lists(st.sampled_from(options + [HUGE]), max_size=3)
        )
    return HOSTILE


FORM_PAGES = sorted(
    name for name, case in URLS.items() if (case.get, case.post) == (FORM["get"], FORM["post"])
)


@pytest.mark.parametrize("name", FORM_PAGES)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_form_answers_500_whatever_is_typed(client, world, name, data):  # noqa: F811
    case = URLS[name]
    if case.kind != PUBLIC:
        client.force_login(world.users["company" if case.kind.startswith("company") else "staff"])
    url = reverse(name, args=case.args(world) if case.args else [])
    page = client.get(url)
    assert page.status_code == 200, url
    parser = FormFields()
    parser.feed(page.content.decode())
    fields = parser.fields or {"anything": ("text", [])}  # e.g. an expired link's page: no form at all
    posted = {field: data.draw(values_for(*spec), label=field) for field, spec in fields.items()}
    response = client.post(url, posted)
    assert response.status_code < 500, (url, posted)
