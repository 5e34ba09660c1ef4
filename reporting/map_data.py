"""The pages' figures turned into map rows and points for `reporting.maps`: which link each municipality
and school gets, and which schools and hosts a user may see on the map."""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse

from partnerships.models import CooperationAgreement, Municipality, School

from .maps import GroupMap, MapPoint, MapRow, MunicipalityMap, PointKind, group_map, municipality_map

PK_PLACEHOLDER = 987654321  # stands for a school's pk in the one reversed address of the map's links


def on_query(on: datetime.date, *, is_today: bool) -> str:
    """The `?on=` that keeps a link on the page's date (nothing for today)."""
    return "" if is_today else f"?on={on.isoformat()}"


def municipality_url(municipality, *, readable, query: str = "") -> str:
    """The municipality page for a user who may read it (`readable` None: all, else a set of pks), the
    public municipality page for everyone else."""
    if readable is None or municipality.pk in readable:
        name = "reporting:municipality_detail"
    else:
        name = "reporting:public_municipality"
    return reverse(name, args=[municipality.slug]) + query


def readable_by(user) -> frozenset[int] | None:
    """The municipalities whose own page the user may open: None for all; an empty set for the public."""
    if not user.is_authenticated:
        return frozenset()
    if user.sees_all_municipalities:
        return None
    return user.visible_municipality_ids


def progress_map(municipalities: Iterable, *, on: datetime.date, user, is_today: bool = True) -> GroupMap:
    """The group map of a progress page from its municipalities (annotated by `with_overview`)."""
    readable = readable_by(user)
    query = on_query(on, is_today=is_today)
    rows = [
        MapRow(
            m.code,
            m.name,
            municipality_url(m, readable=readable, query=query),
            m.counting,
            m.agreement_goal,
            m.goal_status,
        )
        for m in municipalities
    ]
    return group_map(rows, on=on)


def schools_on_map(municipality: Municipality, on: datetime.date):
    """The municipality's active schools with `has_counting` (an agreement counting on the date)."""
    counting = CooperationAgreement.objects.counting(on).filter(school=OuterRef("pk"))
    return (
        School.objects.filter(municipality=municipality, active=True)
        .annotate(has_counting=Exists(counting))
        .only("pk", "name", "latitude", "longitude")
        .order_by("name")
    )


def _kind(school) -> PointKind:
    return PointKind.AGREEMENT if school.has_counting else PointKind.NO_AGREEMENT


def _coordinates(obj) -> dict:
    lat, lon = getattr(obj, "latitude", None), getattr(obj, "longitude", None)
    if lat is None or lon is None:
        return {}
    return {"lat": float(lat), "lon": float(lon)}


def work_municipality_map(municipality: Municipality, *, on: datetime.date, user) -> MunicipalityMap | None:
    """The municipality page's map: the schools the user may see, marked by whether they have a counting
    agreement, each linked to its page (one query). Companies have no position of their own yet (the
    page lists the hosts): once their model knows one, they join the points as `PointKind.HOST`."""
    schools = schools_on_map(municipality, on).visible_to(user)
    # One reverse() for thousands of schools: their addresses differ only in the pk.
    address = reverse("partnerships:school_detail", args=[PK_PLACEHOLDER])
    points = [
        MapPoint(
            school.name,
            address.replace(str(PK_PLACEHOLDER), str(school.pk)),
            _kind(school),
            **_coordinates(school),
        )
        for school in schools
    ]
    return without_empty_hosts(municipality_map(municipality.code, municipality.name, points))


def public_municipality_map(municipality: Municipality, schools: Iterable) -> MunicipalityMap | None:
    """The public page's map: schools only (public data from the institution register, annotated by
    `schools_on_map`), each linked to its row in the page's school list; no hosts, no people."""
    points = [
        MapPoint(school.name, f"#{school_anchor(school)}", _kind(school), **_coordinates(school))
        for school in schools
    ]
    return without_empty_hosts(
        municipality_map(municipality.code, municipality.name, points, id="public-map")
    )


def without_empty_hosts(drawn: MunicipalityMap | None) -> MunicipalityMap | None:
    """The map without the hosts' legend entry when no host is drawn: "Approved host (0)" would say there
    are none, where their positions are only unknown (or, on the public map, not shown)."""
    if drawn is None or any(p.point.kind == PointKind.HOST for p in drawn.points):
        return drawn
    return dataclasses.replace(drawn, legend=tuple(e for e in drawn.legend if e.key != PointKind.HOST))


def school_anchor(school) -> str:
    return f"school-{school.pk}"
