import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reporting import maps
from reporting.geometry import CHRISTIANSOE, atlas

SVG = "{http://www.w3.org/2000/svg}"
ON = datetime.date(2025, 3, 3)

# Business Region Aarhus (DOMAIN.md) and Region Nordjylland (regionskode 1081).
BRAA = {
    "0751": "Aarhus",
    "0710": "Favrskov",
    "0766": "Hedensted",
    "0615": "Horsens",
    "0707": "Norddjurs",
    "0727": "Odder",
    "0730": "Randers",
    "0741": "Samsø",
    "0740": "Silkeborg",
    "0746": "Skanderborg",
    "0706": "Syddjurs",
    "0791": "Viborg",
}
NORDJYLLAND = ["0773", "0787", "0810", "0813", "0820", "0825", "0840", "0846", "0849", "0851", "0860"]
STATUSES = ["met", "close", "behind"]


def rows_for(codes, *, counting=lambda i: i % 5):
    return [
        maps.MapRow(code, f"Kommune {code}", f"/kommuner/{code}/", counting(i), 3, STATUSES[i % 3])
        for i, code in enumerate(sorted(codes))
    ]


def render(template: str, build, language: str = "en") -> ET.Element:
    """The partial with the map built by `build()`, both in the language, as a view would."""
    with translation.override(language):
        html = render_to_string(f"reporting/includes/{template}", {"map": build()})
    return ET.fromstring(html)  # fails unless the markup is well-formed XML


def group_svg(rows, language="en") -> ET.Element:
    return render("_group_map.html", lambda: maps.group_map(rows, on=ON), language).find(f"{SVG}svg")


def links(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("href"): a for a in svg.iter(f"{SVG}a")}


def decode(d: str) -> list[list[tuple[int, int]]]:
    """The rings of path data written as `M x y l dx dy …z`."""
    rings = []
    for ring in re.findall(r"M([^z]*)z", d):
        start, steps = ring.split("l")
        numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
        x, y = (int(n) for n in start.split())
        points = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def inside(x: float, y: float, rings) -> bool:
    crossings = 0
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > y) != (by > y) and x < ax + (bx - ax) * (y - ay) / (by - ay):
                crossings += 1
    return crossings % 2 == 1


@pytest.mark.parametrize("codes", [BRAA, NORDJYLLAND], ids=["braa", "nordjylland"])
def test_the_group_s_municipalities_and_no_others_are_links(codes):
    rows = rows_for(codes)
    svg = group_svg(rows)
    assert set(links(svg)) == {row.url for row in rows}
    assert len(list(svg.iter(f"{SVG}a"))) == len(codes)


def test_neighbours_are_drawn_faintly_without_links():
    view = maps.drawing(NORDJYLLAND)
    neighbour_codes = {shape.code for shape in view.neighbours}
    assert {"0791", "0779"} <= neighbour_codes  # Viborg and Skive reach into Nordjylland's drawing
    assert not neighbour_codes & set(NORDJYLLAND)
    context = group_svg(rows_for(NORDJYLLAND)).find(f"{SVG}g[@class='map-context']")
    assert context.get("aria-hidden") == "true"
    assert [path.get("d") for path in context.iter(f"{SVG}path")] == [shape.d for shape in view.neighbours]
    assert not list(context.iter(f"{SVG}a"))


def test_a_whole_country_has_no_neighbours_and_leaves_christiansoe_out():
    view = maps.drawing(maps.denmark())
    assert len(view.shapes) == 98
    assert CHRISTIANSOE not in view.shapes
    assert view.neighbours == ()  # Christiansø is smaller than a pixel at this scale


def test_each_municipality_is_filled_by_its_status_with_colour_and_pattern():
    rows = rows_for(BRAA)
    svg = group_svg(rows)
    patterns = {p.get("id"): p for p in svg.iter(f"{SVG}pattern")}
    assert set(patterns) == {"group-map-met", "group-map-close", "group-map-behind"}
    assert not list(patterns["group-map-met"].iter(f"{SVG}circle"))  # solid
    assert len(list(patterns["group-map-close"].iter(f"{SVG}circle"))) == 1  # dots
    assert patterns["group-map-behind"].get("patternTransform") == "rotate(45)"  # hatching
    anchors = links(svg)
    for row in rows:
        path = anchors[row.url].find(f"{SVG}path")
        assert path.get("class") == f"map-{row.status}"
        assert path.get("fill") == f"url(#group-map-{row.status})"


def test_each_link_names_the_municipality_its_figure_and_status_in_words():
    rows = [
        maps.MapRow("0751", "Aarhus", "/aarhus/", 4, 3, "met"),
        maps.MapRow("0741", "Samsø", "/samsoe/", 1, 3, "behind"),
    ]
    svg = group_svg(rows)
    titles = {href: a.find(f"{SVG}title").text for href, a in links(svg).items()}
    assert titles == {
        "/aarhus/": "Aarhus: 4 of 3 agreements, Goal met",
        "/samsoe/": "Samsø: 1 of 3 agreements, Behind",
    }
    desc = svg.find(f"{SVG}desc").text
    assert "1 of 2 municipalities has reached its goal" in desc
    assert svg.get("aria-labelledby") == svg.find(f"{SVG}title").get("id")
    assert svg.get("aria-describedby") == svg.find(f"{SVG}desc").get("id")


def test_labels_show_name_and_figure_where_they_fit():
    rows = [maps.MapRow(code, name, f"/{code}/", 3, 3, "met") for code, name in BRAA.items()]
    areas = {area.row.name: area for area in maps.group_map(rows, on=ON).areas}
    assert [(label.name, label.figure) for label in areas["Viborg"].labels] == [("Viborg", ""), ("", "3/3")]
    assert all(not label.name for label in areas["Samsø"].labels)  # a narrow island: no room for its name


@pytest.mark.parametrize("codes", [BRAA, maps.denmark()], ids=["braa", "denmark"])
def test_label_points_lie_inside_their_municipality(codes):
    for shape in maps.drawing(codes).shapes.values():
        assert inside(shape.label_x, shape.label_y, decode(shape.d)), shape.name


def test_simplified_to_the_drawing_without_degenerate_rings():
    view = maps.drawing(maps.denmark())
    rings = [ring for shape in view.shapes.values() for ring in decode(shape.d)]
    source_points = sum(len(arc.points) for arc in atlas().arcs)
    assert sum(len(ring) for ring in rings) < source_points / 2
    assert all(len(set(ring)) >= 3 for ring in rings)
    source_rings = sum(len(polygon) for b in atlas().boundaries.values() for polygon in b.polygons)
    assert len(rings) < source_rings - 1  # islets below a pixel are gone


def test_neighbours_share_their_border_point_for_point():
    view = maps.drawing(BRAA)

    def segments(code):
        return {
            frozenset(pair)
            for ring in decode(view.shapes[code].d)
            for pair in zip(ring, ring[1:] + ring[:1], strict=True)
        }

    assert len(segments("0751") & segments("0710")) >= 5  # Aarhus and Favrskov


def test_the_prepared_drawing_is_cached():
    assert maps.drawing(BRAA) is maps.drawing(reversed(list(BRAA)))


def test_a_row_without_a_boundary_is_listed_not_drawn():
    rows = [*rows_for(["0727"]), maps.MapRow("9001", "Kommune 9001", "/kommuner/9001/", 2, 3, "close")]
    root = render("_group_map.html", lambda: maps.group_map(rows, on=ON))
    assert set(links(root.find(f"{SVG}svg"))) == {"/kommuner/0727/"}
    assert [a.get("href") for a in root.iter("a")] == ["/kommuner/9001/"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_coordinates_are_written_with_a_decimal_point_in_every_language(language):
    svg = group_svg(rows_for(BRAA), language)
    for element in svg.iter():
        for name in ("x", "y", "cx", "cy"):
            if element.get(name) is not None:
                float(element.get(name))  # "12,5" would be two coordinates to SVG


def test_the_group_map_reads_in_danish():
    root = render("_group_map.html", lambda: maps.group_map(rows_for(BRAA), on=ON), "da")
    svg = root.find(f"{SVG}svg")
    assert "Den 3. marts 2025 har" in svg.find(f"{SVG}desc").text
    legend = " ".join(" ".join("".join(li.itertext()).split()) for li in root.iter("li"))
    assert "Målet er nået (4)" in legend
    titles = [a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")]
    assert titles[0].endswith(", Målet er nået")  # statuses in words, in the page's language
    assert "Bagud (4)" in legend


# The municipality map ---------------------------------------------------------------------------------

ODDER_POINTS = [
    maps.MapPoint("Parkvejens Skole", "/skoler/1/", maps.PointKind.AGREEMENT, 55.975, 10.153),
    maps.MapPoint("Skovbakkeskolen", "/skoler/2/", maps.PointKind.NO_AGREEMENT, 55.968, 10.16),
    maps.MapPoint("Ukendt Skole", "/skoler/3/", maps.PointKind.NO_AGREEMENT),
    maps.MapPoint("Odder Maskinfabrik", "/virksomheder/1/", maps.PointKind.HOST, 55.98, 10.14),
    maps.MapPoint("Vejle Værktøj", "/virksomheder/2/", maps.PointKind.HOST),
    maps.MapPoint("Københavnerskolen", "/skoler/4/", maps.PointKind.AGREEMENT, 55.68, 12.57),
]


def test_points_are_projected_inside_the_municipality():
    view = maps.drawing(["0727"], neighbours=False, islands=True)
    rings = decode(view.shapes["0727"].d)
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    x, y = view.project(55.975, 10.153)  # Odder town
    assert min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)
    assert inside(x, y, rings)
    assert view.project(55.68, 12.57) is None  # Copenhagen is outside Odder's drawing


def test_schools_without_a_position_are_listed_under_the_map():
    municipality_map = maps.municipality_map("0727", "Odder", ODDER_POINTS)
    root = render("_municipality_map.html", lambda: municipality_map)
    svg = root.find(f"{SVG}svg")
    drawn = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    assert list(drawn) == ["/skoler/1/", "/skoler/2/", "/virksomheder/1/"]  # schools first
    listed = root.find("ul[@class='map-not-drawn']")
    assert [a.get("href") for a in listed.iter("a")] == ["/skoler/3/", "/skoler/4/"]
    assert "/virksomheder/2/" not in ET.tostring(root, encoding="unicode")  # a host without a position


def test_points_are_told_apart_by_shape_and_fill_and_named_on_focus():
    svg = render("_municipality_map.html", lambda: maps.municipality_map("0727", "Odder", ODDER_POINTS)).find(
        f"{SVG}svg"
    )
    by_href = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    assert by_href["/skoler/1/"].get("class") == "map-point map-point-agreement"
    assert by_href["/skoler/2/"].get("class") == "map-point map-point-no_agreement"
    assert by_href["/skoler/1/"].find(f"{SVG}circle") is not None
    assert by_href["/virksomheder/1/"].find(f"{SVG}path") is not None  # a diamond, not a circle
    assert (
        by_href["/skoler/1/"].find(f"{SVG}title").text
        == "Parkvejens Skole (School with a counting agreement)"
    )
    assert svg.find(f"{SVG}path[@class='map-outline']") is not None


@pytest.mark.parametrize("language", ["da", "en"])
def test_points_are_placed_with_a_decimal_point_in_every_language(language):
    municipality_map = maps.municipality_map("0727", "Odder", ODDER_POINTS)
    svg = render("_municipality_map.html", lambda: municipality_map, language).find(f"{SVG}svg")
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")]
    assert circles == [(p.x, p.y) for p in municipality_map.points if p.point.kind != maps.PointKind.HOST]


def test_a_municipality_without_a_boundary_has_no_map():
    assert maps.municipality_map("9001", "Kommune 9001", ODDER_POINTS) is None
