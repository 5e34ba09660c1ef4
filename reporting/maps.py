"""Maps of municipalities as inline SVG: a group's municipalities filled by goal status, and one
municipality's outline with its schools and hosts as points.

`drawing()` fits a set of municipalities into a drawing simplified to about a pixel and caches it, so a
group of 98 costs what a group of 12 does; `group_map()` and `municipality_map()` add the page's figures
and links and return plain data for the templates in `reporting/includes/`.
"""

import datetime
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerships.models import Municipality

from .geometry import CHRISTIANSOE, Atlas, Point, atlas, project, signed_area

WIDTH = 560  # the drawing's width in CSS pixels: the size it is simplified for, at most its size on screen
MAX_HEIGHT = 640
MARGIN = 12
TOLERANCE_PX = 1.0
MIN_RING_AREA_PX = 1.0  # smaller rings (islets) are not drawn

# Labels: keep in step with `.map-label` in static/css/maps.css.
FONT_SIZE = 14
LINE_HEIGHT = 1.15 * FONT_SIZE
NARROW_CHARACTERS = frozenset("fijlrtI/.,:;-() ")
WIDE_CHARACTERS = frozenset("mwMWæÆ")
FIGURE_GAP = 4  # between name and figure on one line; the `dx` of `.map-figure` in _group_map.html

GoalStatus = Municipality.GoalStatus


def denmark() -> frozenset[str]:
    """The codes of the 98 municipalities (the data also has Christiansø, which is none)."""
    return frozenset(atlas().boundaries) - {CHRISTIANSOE}


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str  # SVG path data in the drawing's pixels
    label_x: int
    label_y: int
    room: tuple[float, float]  # half the width free around the label point for one line and for two


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    shapes: dict[str, Shape]  # the municipalities asked for that exist, by code
    neighbours: tuple[Shape, ...]  # the others reaching into the drawing, for orientation
    origin: Point  # the drawing's top left corner in km
    scale: float  # pixels per km

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def project(self, lat: float, lon: float) -> tuple[float, float] | None:
        """The point's position in the drawing (1 decimal), or None if it falls outside."""
        x, y = project(lat, lon)
        x, y = round((x - self.origin[0]) * self.scale, 1), round((y - self.origin[1]) * self.scale, 1)
        return (x, y) if 0 <= x <= self.width and 0 <= y <= self.height else None


def drawing(codes: Iterable[str], *, neighbours: bool = True, islands: bool = False) -> Drawing:
    """The municipalities fitted into a drawing of at most WIDTH × MAX_HEIGHT with a margin, with the
    neighbours that reach into it, and far-off islands (Anholt) only if asked; unknown codes are left out.
    Cached per set of codes for the life of the process: the boundaries never change."""
    return _drawing(frozenset(codes), neighbours, islands)


@functools.lru_cache(maxsize=256)
def _drawing(codes: frozenset[str], with_neighbours: bool, islands: bool) -> Drawing:
    data = atlas()
    boundaries = [data.boundaries[code] for code in sorted(codes) if code in data.boundaries]
    if not boundaries:
        return Drawing(WIDTH, 0, {}, (), (0.0, 0.0), 1.0)
    boxes = [b.bbox if islands else b.core_bbox for b in boundaries]
    min_x, min_y = min(box[0] for box in boxes), min(box[1] for box in boxes)
    max_x, max_y = max(box[2] for box in boxes), max(box[3] for box in boxes)
    scale = min((WIDTH - 2 * MARGIN) / (max_x - min_x), (MAX_HEIGHT - 2 * MARGIN) / (max_y - min_y))
    width = math.ceil((max_x - min_x) * scale) + 2 * MARGIN
    height = math.ceil((max_y - min_y) * scale) + 2 * MARGIN
    origin = (min_x - MARGIN / scale, min_y - MARGIN / scale)
    view = (origin[0], origin[1], origin[0] + width / scale, origin[1] + height / scale)
    others = []
    if with_neighbours:
        others = [
            b
            for code, b in data.boundaries.items()
            if code not in codes
            and b.bbox[0] < view[2]
            and b.bbox[2] > view[0]
            and b.bbox[1] < view[3]
            and b.bbox[3] > view[1]
        ]
    pen = _Pen(data, origin, scale, width, height)
    shapes = {b.code: pen.shape(b) for b in boundaries}
    context = tuple(shape for shape in map(pen.shape, others) if shape.d)
    return Drawing(width, height, shapes, context, origin, scale)


class _Pen:
    """Turns boundaries into path data at one drawing's scale, each shared arc converted once."""

    def __init__(self, data: Atlas, origin: Point, scale: float, width: int, height: int):
        self.data, self.origin, self.scale, self.width, self.height = data, origin, scale, width, height
        self.tolerance = TOLERANCE_PX / scale
        self.arcs: dict[int, list[tuple[int, int]]] = {}

    def pixels(self, x: float, y: float) -> tuple[int, int]:
        return round((x - self.origin[0]) * self.scale), round((y - self.origin[1]) * self.scale)

    def arc(self, index: int) -> list[tuple[int, int]]:
        if index not in self.arcs:
            self.arcs[index] = [self.pixels(x, y) for x, y in self.data.arcs[index].at(self.tolerance)]
        return self.arcs[index]

    def ring(self, refs) -> list[tuple[int, int]]:
        points: list[tuple[int, int]] = []
        for index, forward in refs:
            arc = self.arc(index)
            for point in (arc if forward else arc[::-1])[:-1]:
                if not points or point != points[-1]:
                    points.append(point)
        while len(points) > 1 and points[-1] == points[0]:
            points.pop()
        if len(points) < 3 or abs(signed_area(points)) < MIN_RING_AREA_PX or not self.visible(points):
            return []
        return points

    def visible(self, ring: list[tuple[int, int]]) -> bool:
        """Whether the ring's box meets the drawing: a ring wholly outside would be markup nobody sees."""
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        return min(xs) < self.width and max(xs) > 0 and min(ys) < self.height and max(ys) > 0

    def shape(self, boundary) -> Shape:
        rings = [ring for polygon in boundary.polygons for refs in polygon if (ring := self.ring(refs))]
        x, y = self.pixels(*boundary.label_point)
        room = (_room(rings, x, y, LINE_HEIGHT / 2), _room(rings, x, y, LINE_HEIGHT))
        return Shape(boundary.code, boundary.name, "".join(map(_path, rings)), x, y, room)


def _path(ring: list[tuple[int, int]]) -> str:
    """`M x y l dx dy …z`: relative integer steps keep the markup small."""
    (x0, y0), steps = ring[0], []
    for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
        steps.append(f"{bx - ax} {by - ay}")
    return f"M{x0} {y0}l{' '.join(steps)}z".replace(" -", "-")


def _room(rings: list[list[tuple[int, int]]], x: float, y: float, half_height: float) -> float:
    """Half the width of the widest label centred on (x, y) that stays inside the outline, checked along
    its top, middle and bottom lines (even–odd rule, so holes count)."""
    room = math.inf
    for line in (y - half_height, y, y + half_height):
        left, right, inside = -math.inf, math.inf, False
        for ring in rings:
            for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (ay > line) != (by > line):
                    crossing = ax + (bx - ax) * (line - ay) / (by - ay)
                    if crossing < x:
                        inside = not inside
                        left = max(left, crossing)
                    else:
                        right = min(right, crossing)
        if not inside:
            return 0.0
        room = min(room, x - left, right - x)
    return room


# The group map ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapRow:
    """One municipality of a group as the page has it: its figures on the page's date and its link."""

    code: str
    name: str
    url: str
    counting: int
    goal: int
    status: str  # a Municipality.GoalStatus value


@dataclass(frozen=True)
class Label:
    """One line of a municipality's label: its name, its figure or both. Narrow screens hide the names and
    write the figures larger (maps.css), so the two are kept apart."""

    name: str
    figure: str
    x: int
    y: float


@dataclass(frozen=True)
class Area:
    row: MapRow
    d: str
    title: str  # the link's name: municipality, figures and status in words
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class LegendEntry:
    key: str  # a status (group map) or a kind of point (municipality map)
    label: str
    count: int


@dataclass(frozen=True)
class GroupMap:
    id: str  # prefix of the element ids, unique on the page
    width: int
    height: int
    on: datetime.date
    areas: tuple[Area, ...]
    neighbours: tuple[str, ...]  # path data
    legend: tuple[LegendEntry, ...]
    not_drawn: tuple[MapRow, ...]  # rows whose code has no boundary (none in real data)
    total: int
    met: int

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"


def group_map(rows: Iterable[MapRow], *, on: datetime.date, id: str = "group-map") -> GroupMap:
    """The group's municipalities filled by goal status and labelled with their figures, for
    `reporting/includes/_group_map.html`. Call it in the page's language: the links' names are made here."""
    rows = list(rows)
    view = drawing(row.code for row in rows)
    title = _Titles()
    areas = tuple(
        Area(row, view.shapes[row.code].d, title(row), _labels(view.shapes[row.code], row))
        for row in rows
        if row.code in view.shapes
    )
    legend = tuple(
        LegendEntry(status.value, status.label, sum(row.status == status for row in rows))
        for status in GoalStatus
    )
    return GroupMap(
        id=id,
        width=view.width,
        height=view.height,
        on=on,
        areas=areas,
        neighbours=tuple(shape.d for shape in view.neighbours),
        legend=legend,
        not_drawn=tuple(row for row in rows if row.code not in view.shapes),
        total=len(rows),
        met=sum(row.status == GoalStatus.MET for row in rows),
    )


class _Titles:
    """The links' names. Translated here, once per status and goal, rather than with {% blocktranslate %}
    per link: for 98 links that would cost more than the rest of the drawing."""

    def __init__(self):
        self.statuses = {status.value: str(status.label) for status in GoalStatus}
        self.formats: dict[int, str] = {}

    def __call__(self, row: MapRow) -> str:
        if row.goal not in self.formats:
            self.formats[row.goal] = ngettext(
                "%(name)s: %(counting)s of %(goal)s agreement, %(status)s",
                "%(name)s: %(counting)s of %(goal)s agreements, %(status)s",
                row.goal,
            )
        values = {
            "name": row.name,
            "counting": row.counting,
            "goal": row.goal,
            "status": self.statuses[row.status],
        }
        return self.formats[row.goal] % values


def _labels(shape: Shape, row: MapRow) -> tuple[Label, ...]:
    """Name and figure on two lines if they fit inside the municipality, else on one, else the figure
    alone, else nothing (the link's title and the table beside the map still give both)."""
    figure = f"{row.counting}/{row.goal}"
    one_line, two_lines = shape.room
    options = [
        ([(row.name, ""), ("", figure)], two_lines),
        ([(row.name, figure)], one_line),
        ([("", figure)], one_line),
    ]
    for lines, room in options:
        if max(_line_width(name, figure) for name, figure in lines) / 2 <= room:
            # Baselines so that the block of lines is centred on the label point.
            first = shape.label_y - (len(lines) - 1) * LINE_HEIGHT / 2 + 0.35 * FONT_SIZE
            return tuple(
                Label(name, figure, shape.label_x, round(first + i * LINE_HEIGHT, 1))
                for i, (name, figure) in enumerate(lines)
            )
    return ()


def _line_width(name: str, figure: str) -> float:
    gap = FIGURE_GAP if name and figure else 0
    return text_width(name) + gap + text_width(figure, bold=True)


@functools.lru_cache(maxsize=4096)  # the same names and figures come back on every page
def text_width(text: str, *, bold: bool = False) -> float:
    """The label's width in pixels, estimated rather than measured (the browser picks the font): by
    character class, a little wider than the common sans-serif fonts, so that an estimate that fits, fits."""
    ems = sum(
        0.32 if c in NARROW_CHARACTERS else 0.9 if c in WIDE_CHARACTERS else 0.72 if c.isupper() else 0.6
        for c in text
    )
    return ems * FONT_SIZE * (1.08 if bold else 1.0)


# The municipality map ---------------------------------------------------------------------------------


class PointKind(StrEnum):
    AGREEMENT = "agreement"  # a school with an agreement counting toward the goal
    NO_AGREEMENT = "no_agreement"  # a school without one
    HOST = "host"  # an approved host


POINT_LABELS = {
    PointKind.AGREEMENT: _("School with a counting agreement"),
    PointKind.NO_AGREEMENT: _("School without a counting agreement"),
    PointKind.HOST: _("Approved host"),
}
POINT_RADIUS = 6


@dataclass(frozen=True)
class MapPoint:
    name: str
    url: str
    kind: PointKind
    lat: float | None = None
    lon: float | None = None

    @property
    def kind_label(self) -> str:
        return POINT_LABELS[self.kind]


@dataclass(frozen=True)
class PlacedPoint:
    point: MapPoint
    x: float
    y: float
    radius: int = POINT_RADIUS

    @property
    def diamond(self) -> str:
        """Path data of the host's marker: a diamond a little larger than a school's circle."""
        r = self.radius + 1
        return f"M{self.x} {round(self.y - r, 1)}l{r} {r}-{r} {r}-{r}-{r}z"


@dataclass(frozen=True)
class MunicipalityMap:
    id: str
    name: str
    width: int
    height: int
    d: str
    points: tuple[PlacedPoint, ...]  # schools first, so that Tab reaches them first; hosts drawn on top
    not_drawn: tuple[MapPoint, ...]  # schools without a position inside the drawing
    legend: tuple[LegendEntry, ...]

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"


def municipality_map(
    code: str, name: str, points: Iterable[MapPoint], *, id: str = "municipality-map"
) -> MunicipalityMap | None:
    """The municipality's outline with its schools and hosts, for `_municipality_map.html`; None if the
    code has no boundary. A school without a position inside the drawing is listed under the map; such a
    host is left out (the page lists the hosts anyway)."""
    view = drawing([code], neighbours=False, islands=True)
    if code not in view.shapes:
        return None
    placed, not_drawn = [], []
    ordered = sorted(points, key=lambda point: point.kind == PointKind.HOST)
    for point in ordered:
        position = (
            view.project(point.lat, point.lon) if point.lat is not None and point.lon is not None else None
        )
        if position:
            placed.append(PlacedPoint(point, *position))
        elif point.kind != PointKind.HOST:
            not_drawn.append(point)
    legend = tuple(
        LegendEntry(kind.value, POINT_LABELS[kind], sum(p.point.kind == kind for p in placed))
        for kind in PointKind
    )
    return MunicipalityMap(
        id, name, view.width, view.height, view.shapes[code].d, tuple(placed), tuple(not_drawn), legend
    )
