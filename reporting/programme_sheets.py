"""The annual workbook's Jet-Net and Fremtidens skole sheets: each programme's own figures for the
municipalities taking part, within the school year (activities and trainings dated in it) or at its end."""

from django.db.models import Count, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerships.models import Municipality, Programme
from programmes.figures import FREMTIDENS, JETNET
from programmes.fremtidens.figures import fremtidens_figures
from programmes.fremtidens.models import TeacherTraining
from programmes.jetnet.models import OutreachActivity

Sheet = tuple[str, list[str], list[list]]
FREMTIDENS_TITLE = "Fremtidens skole"  # a sheet's name has at most 31 characters: the short name


def participants(report, work_kind: str):
    """The report's municipalities taking part in a programme of that kind of work, by name."""
    return (
        Municipality.objects.filter(
            pk__in=report.municipalities.values("pk"), participations__programme__work_kind=work_kind
        )
        .distinct()
        .order_by("name")
    )


def jetnet_sheet(report) -> Sheet:
    """Per participating municipality and step: activities and people reached in the school year."""
    municipalities = list(participants(report, JETNET))
    rows = (
        OutreachActivity.objects.filter(
            municipality__in=municipalities, date__gte=report.start, date__lte=report.end
        )
        .order_by()
        .values("municipality", "step")
        .annotate(activities=Count("pk"), reached=Sum("reached"))
    )
    found = {(row["municipality"], row["step"]): row for row in rows}
    steps = OutreachActivity.Step
    headers = [_("Municipality")]
    for step in steps:
        headers += [
            _("%(step)s: activities") % {"step": step.label},
            _("%(step)s: people reached") % {"step": step.label},
        ]
    headers += [_("Steps started")]
    data = []
    for municipality in municipalities:
        row = [municipality.name]
        started = 0
        for step in steps:
            figures = found.get((municipality.pk, step.value), {})
            row += [figures.get("activities", 0), figures.get("reached") or 0]
            started += bool(figures)
        data.append([*row, started])
    return "Jet-Net", headers, data


def fremtidens_sheet(report) -> Sheet:
    """Per participating municipality: teachers trained in the school year and in all, resource persons
    and network members now, and the programme's agreements counting at the end of the year."""
    programme = Programme.objects.of_kind(FREMTIDENS)
    if programme is None:
        return FREMTIDENS_TITLE, [_("Municipality")], []
    municipalities = fremtidens_figures(participants(report, FREMTIDENS), programme, on=report.end)
    trained_in_year = dict(
        TeacherTraining.objects.filter(
            school__municipality__in=municipalities.values("pk"),
            date__gte=report.start,
            date__lte=report.end,
        )
        .order_by()
        .values("school__municipality")
        .annotate(n=Sum("teachers_trained"))
        .values_list("school__municipality", "n")
    )
    end = date_format(report.end, "SHORT_DATE_FORMAT")
    headers = [
        _("Municipality"),
        _("Teachers trained in the school year"),
        _("Teachers trained in all"),
        _("Resource persons"),
        _("Network members"),
        _("Agreements counting on %(day)s") % {"day": end},
    ]
    data = [
        [
            m.name,
            trained_in_year.get(m.pk, 0),
            m.teachers_trained,
            m.resource_person_count,
            m.network_member_count,
            m.agreement_count,
        ]
        for m in municipalities
    ]
    return FREMTIDENS_TITLE, headers, data
