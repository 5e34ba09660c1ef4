import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reporting.charts import trend_chart

SVG = "{http://www.w3.org/2000/svg}"
YEARS = [("2021/22", 1, 3), ("2022/23", 2, 3), ("2023/24", 3, 3), ("2024/25", 7, 4)]


def render(chart, language="en") -> ET.Element:
    with translation.override(language):
        return ET.fromstring(render_to_string("reporting/includes/_trend_chart.html", {"chart": chart}))


def texts(svg: ET.Element, css_class: str) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if css_class in t.get("class", "").split()]


def test_one_bar_per_school_year_with_its_value_written_out():
    svg = render(trend_chart(YEARS, title="Odder")).find(f"{SVG}svg")
    bars = [r for r in svg.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "")]
    assert len(bars) == 4
    assert texts(svg, "chart-value") == ["1", "2", "3", "7"]
    assert texts(svg, "chart-year") == ["2021/22", "2022/23", "2023/24", "2024/25"]
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[3] == pytest.approx(7 * heights[0], abs=0.2)


def test_bars_below_the_goal_are_hatched_not_only_coloured():
    svg = render(trend_chart(YEARS, title="Odder")).find(f"{SVG}svg")
    bars = [r for r in svg.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "")]
    assert [bar.get("fill") for bar in bars] == ["url(#trend-chart-below)"] * 2 + [None, None]
    assert [bar.get("class") for bar in bars][2:] == ["chart-bar chart-met"] * 2
    pattern = svg.find(f"{SVG}defs/{SVG}pattern")
    assert pattern.get("id") == "trend-chart-below" and pattern.get("patternTransform") == "rotate(45)"


def test_the_goal_is_a_step_line_labelled_with_the_last_goal():
    chart = trend_chart(YEARS, title="Odder")
    three, four = chart.bottom - 3 / 8 * 188, chart.bottom - 4 / 8 * 188  # the axis reaches 8
    assert chart.goal_path.count("V") == 4
    assert f"V{three}H" in chart.goal_path and f"V{four}H" in chart.goal_path
    svg = render(chart).find(f"{SVG}svg")
    assert texts(svg, "chart-goal-label") == ["Goal 4"]


def test_the_axis_has_round_steps_above_the_largest_value():
    chart = trend_chart(YEARS, title="Odder")
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8]
    assert [tick.value for tick in trend_chart([("2024/25", 0, 3)], title="x").ticks] == [0, 1, 2, 3]


def test_crowded_years_are_written_at_a_slant():
    assert not trend_chart(YEARS, title="Odder").slanted
    ten_years = [(f"{2015 + i}/{16 + i}", i, 3) for i in range(10)]
    chart = trend_chart(ten_years, title="Odder")
    assert chart.slanted
    years = [t for t in render(chart).iter(f"{SVG}text") if "chart-year" in t.get("class", "")]
    assert all(t.get("transform", "").startswith("rotate(-40 ") for t in years)


def test_no_school_years_no_chart():
    assert trend_chart([], title="Odder") is None


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_chart_is_titled_described_and_positioned_with_decimal_points(language):
    svg = render(trend_chart(YEARS, title="Aftaler pr. skoleår"), language).find(f"{SVG}svg")
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Aftaler pr. skoleår"
    assert svg.find(f"{SVG}desc").text.startswith("2021/22: 1")
    for element in svg.iter():
        for name in ("x", "y", "width", "height", "x1", "y1"):
            if element.get(name) is not None:
                float(element.get(name))


def test_the_legend_says_in_danish_what_a_solid_bar_means():
    root = render(trend_chart(YEARS, title="Odder"), "da")
    assert "Målet er nået" in "".join(root.find("ul").itertext())
