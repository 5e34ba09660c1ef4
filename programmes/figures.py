"""What the programme and municipality pages show of each programme's work."""

from partnerships.models import Municipality, Programme

from .fremtidens.figures import fremtidens_figures
from .hopin.figures import latest_hopin_weeks
from .jetnet.figures import jetnet_progress

HOPIN, JETNET, FREMTIDENS = "hop-in", "jet-net", "fremtidens-skole"


def participating(programme: Programme):
    return Municipality.objects.filter(participations__programme=programme).order_by("name")


def programme_work_context(programme: Programme) -> dict:
    """What the programme page shows of the work, by programme: add to its context."""
    if programme.slug == HOPIN:
        return {"work_kind": HOPIN, "hopin_weeks": latest_hopin_weeks()}
    if programme.slug == JETNET:
        return {"work_kind": JETNET, "jetnet_rows": jetnet_progress(participating(programme))}
    if programme.slug == FREMTIDENS:
        return {
            "work_kind": FREMTIDENS,
            "fremtidens_rows": fremtidens_figures(participating(programme), programme),
        }
    return {"work_kind": ""}


def municipality_work_context(municipality: Municipality) -> dict:
    """What the municipality page shows of the programmes' work: add to its context."""
    slugs = set(municipality.participations.values_list("programme__slug", flat=True))
    context = {
        "hopin_week": latest_hopin_weeks([municipality]).first(),
        "jetnet_progress": None,
        "fremtidens": None,
    }
    if JETNET in slugs:
        context["jetnet_progress"] = jetnet_progress([municipality])[0]
    if FREMTIDENS in slugs:
        programme = Programme.objects.get(slug=FREMTIDENS)
        context["fremtidens"] = fremtidens_figures(
            Municipality.objects.filter(pk=municipality.pk), programme
        ).first()
    return context
