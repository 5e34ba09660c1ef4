"""What the programme and municipality pages show of each programme's work."""

from partnerships.models import Municipality, Programme

from .fremtidens.figures import fremtidens_figures
from .hopin.figures import latest_hopin_weeks
from .jetnet.figures import jetnet_progress

# The programme's kind of work is data (Programme.work_kind), so a programme of any slug can use a tool.
HOPIN, JETNET, FREMTIDENS = (
    Programme.WorkKind.HOPIN,
    Programme.WorkKind.JETNET,
    Programme.WorkKind.FREMTIDENS,
)


def participating(programme: Programme):
    return Municipality.objects.filter(participations__programme=programme).order_by("name")


def programme_work_context(programme: Programme) -> dict:
    """What the programme page shows of the work, by programme: add to its context."""
    if programme.work_kind == HOPIN:
        return {"work_kind": HOPIN, "hopin_weeks": latest_hopin_weeks()}
    if programme.work_kind == JETNET:
        return {"work_kind": JETNET, "jetnet_rows": jetnet_progress(participating(programme))}
    if programme.work_kind == FREMTIDENS:
        return {
            "work_kind": FREMTIDENS,
            "fremtidens_rows": fremtidens_figures(participating(programme), programme),
        }
    return {"work_kind": ""}


def municipality_work_context(municipality: Municipality) -> dict:
    """What the municipality page shows of the programmes' work: add to its context."""
    slugs = set(municipality.participations.values_list("programme__work_kind", flat=True))
    context = {
        "hopin_week": latest_hopin_weeks([municipality]).first(),
        "jetnet_progress": None,
        "fremtidens": None,
    }
    if JETNET in slugs:
        context["jetnet_progress"] = jetnet_progress([municipality])[0]
    if FREMTIDENS in slugs:
        programme = Programme.objects.of_kind(FREMTIDENS)
        context["fremtidens"] = fremtidens_figures(
            Municipality.objects.filter(pk=municipality.pk), programme
        ).first()
    return context
