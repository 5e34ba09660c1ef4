"""Planning a HOP-IN week in one sitting: pasted classes, hosts, class counts, policies, profile, tutors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partnerships.models import School
from partnerships.schoolyears import SchoolYear
from programmes.hopin import services
from programmes.hopin.models import ClassCount, HopInHost, HopInWeek, Placement, SchoolClass
from tests.factories import (
    CompanyFactory,
    HopInHostFactory,
    PlacementFactory,
    SchoolClassFactory,
    SchoolFactory,
    TutorOfferFactory,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"programmes:{name}", args=args)


@pytest.fixture
def schools(municipality):
    return (
        SchoolFactory(municipality=municipality, name="Byskolen"),
        SchoolFactory(municipality=municipality, name="Skovskolen"),
    )


def test_the_whole_municipality_is_pasted_as_school_class_pupils(client, coordinator, week, schools):
    client.force_login(coordinator)
    text = "Skole;Klasse;Elever\nByskolen; 7.A; 24\nbyskolen;7.B;\nSkovskolen\t7.A\t19\n"
    response = client.post(url("schoolclass_paste", week.pk), {"lines": text})
    assertRedirects(response, week.get_absolute_url())
    got = sorted(SchoolClass.objects.values_list("school__name", "name", "pupils"))
    assert got == [("Byskolen", "7.A", 24), ("Byskolen", "7.B", None), ("Skovskolen", "7.A", 19)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("7.D; abc", ["not a whole number", "ikke et helt tal"]),
        ("7.E; -5", ["not a possible class size", "ikke en mulig klassestørrelse"]),
        ("7.F; 400", ["not a possible class size", "ikke en mulig klassestørrelse"]),
    ],
)
def test_a_wrong_number_of_pupils_is_refused_by_line(client, coordinator, week, schools, line, expected):
    client.force_login(coordinator)
    text = f"7.A; 20\n{line}"
    response = client.post(url("schoolclass_paste", week.pk), {"school": schools[0].pk, "lines": text})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["lines"])
    assert "Line 2" in errors or "Linje 2" in errors
    assert any(text in errors for text in expected)
    assert not SchoolClass.objects.exists()  # nothing half-done


def test_unknown_school_and_too_many_columns_are_named_by_line(client, coordinator, week, schools):
    client.force_login(coordinator)
    text = "Byskolen;7.A;20\nBjergskolen;7.A;20\nByskolen;7.B;20;x"
    response = client.post(url("schoolclass_paste", week.pk), {"lines": text})
    errors = response.context["form"].errors["lines"]
    assert len(errors) == 2
    assert "Bjergskolen" in errors[0] and ("Line 2" in errors[0] or "Linje 2" in errors[0])
    assert "Line 3" in errors[1] or "Linje 3" in errors[1]
    assert not SchoolClass.objects.exists()


def test_classes_are_uploaded_as_a_file(client, coordinator, week, schools):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("klasser.csv", "Skole;Klasse;Elever\nSkovskolen;7.Ø;21\n".encode("cp1252"))
    response = client.post(url("schoolclass_paste", week.pk), {"lines": "", "file": upload})
    assertRedirects(response, week.get_absolute_url())
    assert SchoolClass.objects.get().name == "7.Ø"


def test_a_host_added_takes_the_capacity_the_company_declared(client, coordinator, week, municipality):
    company = CompanyFactory(municipality=municipality, hosting_capacity=3)
    client.force_login(coordinator)
    response = client.post(url("host_create", week.pk), {"company": company.pk, "capacity": ""})
    assertRedirects(response, week.get_absolute_url())
    assert HopInHost.objects.get().capacity == 3
    other = CompanyFactory(municipality=municipality, hosting_capacity=3)
    client.post(url("host_create", week.pk), {"company": other.pk, "capacity": "1"})
    assert HopInHost.objects.get(company=other).capacity == 1  # a typed capacity wins


def test_a_new_week_defaults_to_the_coming_school_year(client, coordinator, municipality):
    client.force_login(coordinator)
    form = client.get(url("hopin_week_create", municipality.slug)).context["form"]
    assert form["school_year"].initial == SchoolYear.current().start_year + 1
    assert form.instance.coordinator == coordinator


def test_an_empty_week_says_it_has_no_classes_yet(client, coordinator, week):
    client.force_login(coordinator)
    response = client.get(week.get_absolute_url())
    assertContains(response, "ingen klasser endnu")
    assertNotContains(response, "Alle klasser er placeret")


def test_coverage_counts_the_classes_each_school_has(client, coordinator, week, schools):
    placed = PlacementFactory(host__week=week, school_class__school=schools[0])
    SchoolClassFactory(school=schools[1])  # typed, not placed
    client.force_login(coordinator)
    response = client.post(
        url("hopin_classcounts", week.pk), {f"school_{schools[0].pk}": "3", f"school_{schools[1].pk}": ""}
    )
    assertRedirects(response, week.get_absolute_url())
    assert ClassCount.objects.get().classes == 3
    row = HopInWeek.objects.with_coverage().get(pk=week.pk)
    # Byskolen has 3 classes (1 typed), Skovskolen 1 typed and no number: 4 in all, 1 placed.
    assert (row.classes_total, row.classes_placed, row.coverage) == (4, 1, 25)
    assert placed.school_class.school == schools[0]
    # A school's number below its typed classes never lowers the count.
    ClassCount.objects.update(classes=0)
    assert HopInWeek.objects.with_coverage().get(pk=week.pk).classes_total == 2


@pytest.fixture
def contested(week, schools):
    """3 places; most classes with a wish and most first wishes differ (see test_planning)."""
    h10, h11, h12 = (HopInHostFactory(week=week, capacity=1, company__name=f"Vært {n}") for n in (10, 11, 12))
    HopInHostFactory(week=week, capacity=5, company__name="Vært 13")
    a, b = schools
    c = SchoolFactory(municipality=week.municipality, name="Åskolen")
    SchoolClassFactory(school=a, name="7.A", wish_1=h11.company, wish_2=h12.company)
    SchoolClassFactory(school=b, name="7.B", wish_1=h12.company, wish_2=h10.company, wish_3=h11.company)
    SchoolClassFactory(school=c, name="7.C", wish_1=h11.company)
    return week


def test_the_coordinator_sees_what_each_policy_gives_before_choosing(client, coordinator, contested):
    rows = {value: row for value, _label, row in services.policy_profiles(contested)}
    assert (rows["most_wishes"].with_wish, rows["most_wishes"].profile.first) == (3, 1)
    assert (rows["most_first_wishes"].with_wish, rows["most_first_wishes"].profile.first) == (2, 2)
    assert not Placement.objects.exists()  # comparing places nothing
    client.force_login(coordinator)
    response = client.get(contested.get_absolute_url())
    assert len(response.context["policies"]) == 2
    assertContains(response, "Flest førsteønsker")

    client.post(url("hopin_plan_run", contested.pk), {"policy": "most_first_wishes"})
    contested.refresh_from_db()
    assert contested.plan_policy == "most_first_wishes"
    explanation = services.explain_week(contested)
    assert explanation.row.profile.first == 2 and explanation.row.no_wish_reasons


def test_a_run_is_repeatable_with_its_stored_draw(client, coordinator, week, schools):
    for n in range(4):
        HopInHostFactory(week=week, capacity=1)
        SchoolClassFactory(school=schools[n % 2], name=f"7.{n}")
    client.force_login(coordinator)
    client.post(url("hopin_plan_run", week.pk), {"policy": "most_wishes", "new_draw": "on"})
    week.refresh_from_db()
    seed = week.plan_seed
    first = dict(Placement.objects.values_list("school_class", "host"))
    client.post(url("hopin_plan_run", week.pk), {"policy": "most_wishes"})
    week.refresh_from_db()
    assert week.plan_seed == seed
    assert dict(Placement.objects.values_list("school_class", "host")) == first


def test_locked_and_hand_moved_placements_are_kept_and_explained(client, coordinator, week, schools):
    host = HopInHostFactory(week=week, capacity=1, company__name="Odder Træ")
    other = HopInHostFactory(week=week, capacity=1, company__name="Odder Stål")
    school_class = SchoolClassFactory(school=schools[0], name="7.A", wish_1=host.company)
    SchoolClassFactory(school=schools[1], name="7.B")
    client.force_login(coordinator)
    client.post(url("placement_move", school_class.pk), {"host": other.pk})
    options = {"policy": "most_wishes", "one_class_per_school_per_host": "on"}
    client.post(url("hopin_plan_run", week.pk), options)
    placement = Placement.objects.get(school_class=school_class)
    assert (placement.host, placement.locked, placement.by_hand) == (other, True, True)
    week.refresh_from_db()
    assert week.one_class_per_school_per_host
    response = client.get(week.get_absolute_url())
    assertContains(response, "flyttet i hånden")


def test_unplaced_classes_say_why(week, schools):
    host = HopInHostFactory(week=week, capacity=1, company__name="Odder Træ")
    for name in ("7.A", "7.B"):
        SchoolClassFactory(school=schools[0], name=name, wish_1=host.company)
    services.plan_week(week)
    row = services.explain_week(week).row
    assert row.profile.first == 1 and row.profile.unplaced == 1
    assert list(row.unplaced_reasons.values()) == [1]
    assert "fuld" in next(iter(row.unplaced_reasons)) or "full" in next(iter(row.unplaced_reasons))


def test_tutors_come_from_near_the_school_and_gaps_are_explained(week, municipality):
    north = SchoolFactory(municipality=municipality, name="Nordskolen", postcode="8300")
    south = SchoolFactory(municipality=municipality, name="Sydskolen", postcode="8350")
    TutorOfferFactory(week=week, school__name="Nord HTX", school__postcode="8300", tutors=4)
    TutorOfferFactory(week=week, school__name="Syd HHX", school__postcode="8350", tutors=4)
    TutorOfferFactory(week=week, school__name="Fjern STX", school__postcode="9000", tutors=1)
    HopInHostFactory(week=week, capacity=2)
    SchoolClassFactory(school=north, name="7.N")
    SchoolClassFactory(school=south, name="7.S")
    services.plan_week(week)
    tutors = dict(Placement.objects.values_list("school_class__name", "tutor_school__name"))
    assert tutors == {"7.N": "Nord HTX", "7.S": "Syd HHX"}
    gaps = services.tutor_gaps(week)
    assert [school.name for school, _reason in gaps] == ["Fjern STX"]
    assert "largest" in gaps[0][1] or "største" in gaps[0][1]


def test_youth_educations_are_not_offered_for_class_counts(client, coordinator, week, municipality):
    SchoolFactory(municipality=municipality, name="Odder Gymnasium", kind=School.Kind.STX)
    SchoolFactory(municipality=municipality, name="Byskolen")
    client.force_login(coordinator)
    response = client.get(url("hopin_classcounts", week.pk))
    assertContains(response, "Byskolen")
    assertNotContains(response, "Odder Gymnasium")


def test_outsiders_cannot_enter_class_counts(client, week):
    from tests.factories import MunicipalityFactory, UserFactory

    stranger = UserFactory(role="coordinator", municipalities=[MunicipalityFactory()])
    client.force_login(stranger)
    assert client.get(url("hopin_classcounts", week.pk)).status_code == 404


def test_a_binary_file_is_refused_politely(client, coordinator, week, schools):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("klasser.xlsx", b"PK\x03\x04\x00\x00binary")
    response = client.post(url("schoolclass_paste", week.pk), {"lines": "", "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not SchoolClass.objects.exists()


def test_the_paste_page_can_upload(client, coordinator, week):
    client.force_login(coordinator)
    assertContains(client.get(url("schoolclass_paste", week.pk)), 'enctype="multipart/form-data"')


def test_the_week_page_does_not_query_per_class(client, coordinator, week, schools):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(week.get_absolute_url()).status_code == 200
        return len(captured)

    client.force_login(coordinator)
    client.get(reverse("reporting:accessibility"))  # the session is renewed on a first request: not counted
    host = HopInHostFactory(week=week, capacity=30)
    for n in range(2):
        SchoolClassFactory(school=schools[n % 2], name=f"7.{n}", wish_1=host.company)
    services.plan_week(week)
    few = queries()
    for n in range(2, 12):
        SchoolClassFactory(school=schools[n % 2], name=f"7.{n}", wish_1=host.company)
    services.plan_week(week)
    assert queries() == few


def test_a_class_sent_to_a_far_host_says_why_and_where(week, schools):
    """The planner fills wished and nearby hosts first; a class sent further says so and names the place."""
    near = HopInHostFactory(week=week, capacity=1, company__name="Odder Træ", company__postcode="8300")
    far = HopInHostFactory(week=week, capacity=1, company__name="Aarhus Stål", company__postcode="8000")
    first = SchoolClassFactory(school=schools[0], name="7.A", wish_1=near.company)
    second = SchoolClassFactory(school=schools[0], name="7.B", wish_1=near.company)
    with translation.override("en"):
        services.plan_week(week)
        texts = services.explain_week(week).texts
        placed_far = Placement.objects.get(host=far).school_class_id
        assert {first.pk, second.pk} == {placed_far, Placement.objects.get(host=near).school_class_id}
        assert texts[placed_far].startswith(
            "no host near its school or preferring it had room, so it went to a host with room at postcode "
            "8000"
        )
        assert "Odder Træ" in texts[placed_far]  # its wish was full
        assert "elsewhere" not in texts[placed_far]

        # Once the near host has room again (the other class taken out), the text no longer says it had none.
        Placement.objects.exclude(host=far).delete()
        text = services.explain_week(week).texts[placed_far]
        assert text.startswith("a host farther away, at postcode 8000; a nearer host has room now")
    with translation.override("da"):
        assert "postnummer 8000" in services.explain_week(week).texts[placed_far]
