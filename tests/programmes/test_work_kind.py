import pytest

from partnerships.models import Programme
from programmes.figures import programme_work_context
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_programme_of_any_slug_uses_the_tool_its_data_names():
    programme = ProgrammeFactory(slug="tektanken-2027", work_kind=Programme.WorkKind.JETNET)
    assert programme_work_context(programme)["work_kind"] == "jet-net"
    assert programme_work_context(ProgrammeFactory(slug="hop-in", work_kind=""))["work_kind"] == ""


def test_the_reference_programmes_name_their_tools(reference_data):
    assert dict(Programme.objects.values_list("slug", "work_kind")) == {
        "hop-in": "hop-in",
        "jet-net": "jet-net",
        "fremtidens-skole": "fremtidens-skole",
    }
