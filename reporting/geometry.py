"""The municipal boundaries, prepared once per process for drawing at any scale.

Every vertex is projected to kilometres on a plane; the rings are cut into arcs at the points where
three or more borders meet, so that a border shared by two municipalities is one arc, simplified once
and drawn the same way on both sides (no slivers or gaps); and every point of an arc is ranked by the
Douglas–Peucker tolerance up to which it survives, so that simplifying for a drawing is a filter.
"""

import functools
import heapq
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "data" / "dk-municipalities.geojson"
CHRISTIANSOE = "0411"  # in the data, but administered by the state: not one of "the municipalities"

# Equirectangular at 56° N, the middle of Denmark (54.6°–57.8°): east–west distances are exact at 56°
# and at most 4 % off at the far north and south, invisible at page size. It needs no projection library,
# inverts trivially, and is one plane for every drawing, so the prepared arcs serve them all. (UTM 32N
# would be exact to 0.1 % but needs pyproj or 40 lines of series, and turns Bornholm, outside the zone.)
KM_PER_DEGREE = 111.32
KM_PER_DEGREE_EAST = KM_PER_DEGREE * math.cos(math.radians(56))
LON_0, LAT_0 = 10.0, 56.0

Point = tuple[float, float]
ArcRef = tuple[int, bool]  # an arc's index and whether the ring runs along it forwards


def project(lat: float, lon: float) -> Point:
    """Kilometres east and south of 56° N 10° E (y grows downwards, as on screen)."""
    return (lon - LON_0) * KM_PER_DEGREE_EAST, (LAT_0 - lat) * KM_PER_DEGREE


@dataclass(frozen=True)
class Arc:
    points: tuple[Point, ...]
    ranks: tuple[float, ...]  # per point: the largest tolerance (km) at which Douglas–Peucker keeps it

    def at(self, tolerance: float) -> list[Point]:
        return [point for point, rank in zip(self.points, self.ranks, strict=True) if rank >= tolerance]


@dataclass(frozen=True)
class Boundary:
    code: str
    name: str
    polygons: tuple[tuple[tuple[ArcRef, ...], ...], ...]  # polygon -> rings (outer first) -> arcs
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y in km
    core_bbox: tuple[float, float, float, float]  # the same without far-off islets such as Anholt
    label_point: Point  # the pole of inaccessibility of the largest polygon


@dataclass(frozen=True)
class Atlas:
    arcs: tuple[Arc, ...]
    boundaries: dict[str, Boundary]

    def ring(self, refs: tuple[ArcRef, ...], tolerance: float) -> list[Point]:
        """The ring's points at the tolerance, without the closing repetition of the first."""
        points: list[Point] = []
        for index, forward in refs:
            arc = self.arcs[index].at(tolerance)
            points.extend((arc if forward else arc[::-1])[:-1])
        return points


@functools.cache
def atlas() -> Atlas:
    """The boundaries from the GeoJSON file next to this module, read and prepared on first use."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    rings: list[list[tuple[float, float]]] = []
    layout = []  # per feature: its polygons as lists of indices into `rings`
    neighbours: dict[tuple[float, float], set] = defaultdict(set)
    for feature in features:
        polygons = []
        for polygon in feature["geometry"]["coordinates"]:
            indices = []
            for coordinates in polygon:
                ring = _without_repeats([(lon, lat) for lon, lat in coordinates])
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                    neighbours[a].add(b)
                    neighbours[b].add(a)
                indices.append(len(rings))
                rings.append(ring)
            polygons.append(indices)
        layout.append(polygons)

    junctions = {point for point, adjacent in neighbours.items() if len(adjacent) > 2}
    arcs: list[tuple] = []
    index_of: dict[tuple, int] = {}
    refs_of_ring = []
    for ring in rings:
        refs = []
        for piece in _cut(ring, junctions):
            if piece in index_of:
                refs.append((index_of[piece], True))
            elif piece[::-1] in index_of:
                refs.append((index_of[piece[::-1]], False))
            else:
                index_of[piece] = len(arcs)
                arcs.append(piece)
                refs.append((len(arcs) - 1, True))
        refs_of_ring.append(tuple(refs))

    projected = []
    for piece in arcs:
        points = tuple(project(lat, lon) for lon, lat in piece)
        projected.append(Arc(points, _ranks(points)))
    result = Atlas(tuple(projected), {})
    for feature, polygons in zip(features, layout, strict=True):
        code = feature["properties"]["kommunekode"]
        ring_refs = tuple(tuple(refs_of_ring[i] for i in polygon) for polygon in polygons)
        result.boundaries[code] = _boundary(result, code, feature["properties"]["navn"], ring_refs)
    return result


def _without_repeats(ring: list) -> list:
    """The ring's points without the closing point and without a point repeated in a row."""
    points = [point for i, point in enumerate(ring) if i == 0 or point != ring[i - 1]]
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return points


def _cut(ring: list, junctions: set) -> list[tuple]:
    """The ring as arcs between its junctions; a ring without any is one closed arc, started at its
    smallest point and run in a fixed direction, so that both rings along an enclave find the same arc."""
    cuts = [i for i, point in enumerate(ring) if point in junctions]
    if not cuts:
        start = ring.index(min(ring))
        rotated = ring[start:] + ring[:start]
        forwards = (*rotated, rotated[0])
        return [min(forwards, forwards[::-1])]
    rotated = ring[cuts[0] :] + ring[: cuts[0]]
    offsets = [i - cuts[0] for i in cuts] + [len(ring)]
    closed = rotated + rotated[:1]
    return [tuple(closed[a : b + 1]) for a, b in zip(offsets, offsets[1:], strict=False)]


def _ranks(points: tuple[Point, ...]) -> tuple[float, ...]:
    """Douglas–Peucker once, recording for each point the tolerance below which it is kept. A point's rank
    never exceeds its parent's, so `rank >= t` picks exactly what Douglas–Peucker at `t` would keep."""
    ranks = [0.0] * len(points)
    ranks[0] = ranks[-1] = math.inf
    stack = [(0, len(points) - 1, math.inf)]
    while stack:
        first, last, limit = stack.pop()
        if last - first < 2:
            continue
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy or 1.0  # a closed arc: the distance from its first point
        index, farthest = first, -1.0
        for i in range(first + 1, last):  # the distance to the chord, inlined: the hot loop of preparation
            px, py = points[i]
            t = ((px - ax) * dx + (py - ay) * dy) / length2
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            ex, ey = px - ax - t * dx, py - ay - t * dy
            distance2 = ex * ex + ey * ey
            if distance2 > farthest:
                index, farthest = i, distance2
        rank = min(math.sqrt(farthest), limit)
        ranks[index] = rank
        stack.append((first, index, rank))
        stack.append((index, last, rank))
    return tuple(ranks)


def signed_area(ring: list[Point]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


# The label point is searched on the outline simplified to 500 m: plenty for a label, and fast.
LABEL_TOLERANCE_KM = 0.5


def _boundary(atlas_: Atlas, code: str, name: str, polygons) -> Boundary:
    outlines = [atlas_.ring(polygon[0], 0.0) for polygon in polygons]
    areas = [abs(signed_area(outline)) for outline in outlines]
    largest = polygons[areas.index(max(areas))]
    rings = [atlas_.ring(refs, LABEL_TOLERANCE_KM) for refs in largest]
    if abs(signed_area(rings[0])) < LABEL_TOLERANCE_KM**2:  # an islet such as Christiansø: take every point
        rings = [atlas_.ring(refs, 0.0) for refs in largest]
    bbox = _bbox(outlines)
    # To 4 % of the municipality's size (at least 250 m): a label needs no more, and it halves the search.
    precision = max(0.25, min(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 25)
    # The core leaves out islands of less than a tenth of the largest part's area (Anholt is 3 % of
    # Norddjurs): they would double a group's drawing for a few pixels of land.
    core = _bbox([outline for outline, area in zip(outlines, areas, strict=True) if area >= max(areas) / 10])
    return Boundary(code, name, polygons, bbox, core, pole_of_inaccessibility(rings, precision))


def _bbox(rings: list[list[Point]]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def pole_of_inaccessibility(rings: list[list[Point]], precision: float = 0.5) -> Point:
    """The point inside the polygon farthest from its outline (Garcia-Castellanos & Lombardo's grid search,
    as in Mapbox's polylabel), to `precision` km: where a label has the most room."""
    outer = rings[0]
    min_x, min_y = min(x for x, _ in outer), min(y for _, y in outer)
    max_x, max_y = max(x for x, _ in outer), max(y for _, y in outer)
    size = min(max_x - min_x, max_y - min_y)
    if size == 0:
        return min_x, min_y
    segments = [
        (ax, ay, bx - ax, by - ay, (bx - ax) ** 2 + (by - ay) ** 2)
        for ring in rings
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True)
        if (ax, ay) != (bx, by)
    ]

    def cell(x: float, y: float, half: float) -> tuple[float, float, float, float, float]:
        distance = _signed_distance(x, y, segments)
        return -(distance + half * math.sqrt(2)), distance, x, y, half

    best = max(
        cell(*_centroid(outer), 0), cell((min_x + max_x) / 2, (min_y + max_y) / 2, 0), key=lambda c: c[1]
    )
    half = size / 2
    queue = [
        cell(x + half, y + half, half) for x in _steps(min_x, max_x, size) for y in _steps(min_y, max_y, size)
    ]
    heapq.heapify(queue)
    while queue:
        candidate = heapq.heappop(queue)
        if candidate[1] > best[1]:
            best = candidate
        if -candidate[0] - best[1] <= precision:
            continue
        _, _, x, y, h = candidate
        h /= 2
        for dx in (-h, h):
            for dy in (-h, h):
                heapq.heappush(queue, cell(x + dx, y + dy, h))
    return best[2], best[3]


def _centroid(ring: list[Point]) -> Point:
    edges = list(zip(ring, ring[1:] + ring[:1], strict=True))
    six_areas = 6 * signed_area(ring)
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in edges) / six_areas
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in edges) / six_areas
    return cx, cy


def _steps(start: float, stop: float, step: float) -> list[float]:
    return [start + i * step for i in range(math.ceil((stop - start) / step))]


def _signed_distance(x: float, y: float, segments: list[tuple[float, float, float, float, float]]) -> float:
    """Distance from the point to the outline, positive inside (even–odd rule), negative outside. Inlined:
    it runs some 60 times per municipality on every segment."""
    inside = False
    nearest = math.inf
    for ax, ay, dx, dy, length2 in segments:
        if (ay > y) != (ay + dy > y) and x < dx * (y - ay) / dy + ax:
            inside = not inside
        t = ((x - ax) * dx + (y - ay) * dy) / length2
        t = 0.0 if t < 0 else 1.0 if t > 1 else t
        ex, ey = x - ax - t * dx, y - ay - t * dy
        distance2 = ex * ex + ey * ey
        if distance2 < nearest:
            nearest = distance2
    return math.sqrt(nearest) if inside else -math.sqrt(nearest)
