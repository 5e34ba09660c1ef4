import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from programmes.hopin.models import Placement
from tests.factories import HopInHostFactory, SchoolClassFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(week, municipality):
    school = SchoolFactory(municipality=municipality, name="Bakkeskolen")
    HopInHostFactory(week=week, capacity=2, company__name="Odder Træ")
    HopInHostFactory(week=week, capacity=1, company__name="Odder Stål")
    for name in ("7.A", "7.B", "7.C", "7.D"):
        SchoolClassFactory(school=school, name=name)
    return week


def run(*args):
    out = StringIO()
    call_command("plan_hopin", *args, stdout=out)
    return out.getvalue()


def test_command_plans_and_reports(planned):
    output = run("0727", "--year", "2025")
    assert "3 of 4 classes placed (75 %)" in output
    # The four classes are alike: which one is left out is the planner's seeded tie-break.
    assert re.search(r"Bakkeskolen 7\.[A-D]: Too little capacity", output)
    assert "Free capacity: 0 places." in output
    assert Placement.objects.count() == 3


def test_dry_run_changes_nothing(planned):
    output = run("727", "--year", "2025/26", "--dry-run")
    assert output.startswith("Dry run")
    assert "3 of 4 classes placed" in output
    assert not Placement.objects.exists()


def test_free_capacity_is_listed(week, municipality):
    HopInHostFactory(week=week, capacity=3, company__name="Odder Træ")
    SchoolClassFactory(school=SchoolFactory(municipality=municipality))
    output = run("0727", "--year", "2025")
    assert "Free capacity: 2 places." in output
    assert "Odder Træ: 2 of 3" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9999", "--year", "2025"], "No municipality"),
        (["0727", "--year", "next"], "not a school year"),
        (["0727", "--year", "2030"], "no HOP-IN week"),
    ],
)
def test_command_errors(week, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_command_prints_the_profile_and_the_options(planned, municipality):
    school = SchoolFactory(municipality=municipality, name="Åskolen")
    wished = planned.hosts.get(company__name="Odder Stål")
    SchoolClassFactory(school=school, name="7.W", wish_1=wished.company)
    output = run("0727", "--year", "2025", "--policy", "most_first_wishes", "--seed", "7")
    assert "Policy: most_first_wishes, draw 7." in output
    # 5 classes, 3 places: the wish of 7.W is met, two classes have no place for lack of capacity.
    assert "Profile: 1st wish 1, 2nd wish 0, 3rd wish 0, none of their wishes 2, no place 2." in output
    assert "No place: too little capacity: 2" in output
    planned.refresh_from_db()
    assert (planned.plan_policy, planned.plan_seed) == ("most_first_wishes", 7)


def test_command_seed_gives_the_same_plan(planned):
    run("0727", "--year", "2025", "--seed", "11")
    first = dict(Placement.objects.values_list("school_class", "host"))
    run("0727", "--year", "2025")  # the stored draw
    assert dict(Placement.objects.values_list("school_class", "host")) == first
