"""The maps and the trend chart in headless Chromium: axe-core, the keyboard, and a phone's width.

The partials are rendered without a view and set into a page with the portal's stylesheets; screenshots
at 1280 and 375 px go to test-artifacts/ for a person to look at.
"""

import datetime
from pathlib import Path

import bootstrap
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reporting import charts, maps
from tests.reporting.test_maps import BRAA, ODDER_POINTS

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEETS = [
    Path(bootstrap.__file__).parent / "static" / "bootstrap" / "css" / "bootstrap.min.css",
    BASE_DIR / "static" / "css" / "portal.css",
    BASE_DIR / "static" / "css" / "maps.css",
]
ARTIFACTS = BASE_DIR / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not AXE.exists(), reason="node_modules/axe-core missing (npm ci)"),
]


def sample_page(language: str) -> str:
    statuses = ["met", "close", "behind"]
    rows = [
        maps.MapRow(code, name, f"/kommuner/{code}/", i % 5, 3, statuses[i % 3])
        for i, (code, name) in enumerate(sorted(BRAA.items()))
    ]
    with translation.override(language):
        body = "".join(
            [
                "<h1>Kort</h1>",
                render_to_string(
                    "reporting/includes/_group_map.html",
                    {"map": maps.group_map(rows, on=datetime.date(2025, 3, 3))},
                ),
                "<h2>Odder</h2>",
                render_to_string(
                    "reporting/includes/_municipality_map.html",
                    {"map": maps.municipality_map("0727", "Odder", ODDER_POINTS)},
                ),
                "<h2>Trend</h2>",
                render_to_string(
                    "reporting/includes/_trend_chart.html",
                    {
                        "chart": charts.trend_chart(
                            [(f"{2018 + i}/{19 + i}", i, 3) for i in range(8)], title="Aftaler pr. skoleår"
                        )
                    },
                ),
            ]
        )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>Kort</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body><main class="container"><div class="row"><div class="col-lg-7">{body}</div></div></main>'
        "</body></html>"
    )


def open_page(browser, language: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_content(sample_page(language))
    for stylesheet in STYLESHEETS:
        page.add_style_tag(path=str(stylesheet))
    return page


@pytest.mark.parametrize("language", ["da", "en"])
def test_maps_and_chart_pass_axe(browser, language):
    page = open_page(browser, language, 1280)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.nodes[0].html)",
        WCAG_TAGS,
    )
    page.close()
    assert violations == []


def test_every_municipality_and_point_is_reached_by_tab_with_a_visible_focus(browser):
    page = open_page(browser, "da", 1280)
    expected = [f"/kommuner/{code}/" for code in sorted(BRAA)] + [
        "/skoler/1/",
        "/skoler/2/",
        "/virksomheder/1/",
    ]
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const a = document.activeElement;"
                " return [a.getAttribute('href'), getComputedStyle(a).outlineStyle]; }"
            )
        )
    page.close()
    assert reached == [[href, "solid"] for href in expected]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_drawings_fit_the_screen(browser, width):
    page = open_page(browser, "da", width)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"maps-{width}.png"), full_page=True)
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.map-svg, .chart-svg')]"
        ".filter(svg => svg.getBoundingClientRect().right > document.documentElement.clientWidth).length"
    )
    labels = page.evaluate("() => getComputedStyle(document.querySelector('.map-name')).display")
    page.close()
    assert overflow == 0
    assert labels == ("none" if width < 576 else "inline")
