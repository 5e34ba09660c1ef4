"""The trend of counted agreements per school year against the goal, as plain data for an inline SVG bar
chart (`reporting/includes/_trend_chart.html`); the page keeps the table beside it."""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480
LEFT, RIGHT, TOP = 40, 60, 28  # room for the axis' numbers, the goal's label, the axis title and values
BOTTOM, BOTTOM_SLANTED = 44, 72  # room for the years (written at a slant when they do not fit side by side)
PLOT_HEIGHT = 188
BAR_SHARE = 0.6  # of each year's slot
# Keep in step with `.chart text` in static/css/maps.css; 0.6 em per character is wider than most fonts.
FONT_SIZE = 12
CHARACTER_WIDTH = 0.6 * FONT_SIZE


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    goal: int
    x: float
    y: float
    width: float
    height: float

    @property
    def met(self) -> bool:
        return self.value >= self.goal

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y - 5, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class TrendChart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    goal_path: str  # a step line: the goal may change from one school year to the next
    goal_label_y: float
    slanted: bool  # the years' labels are turned so that they do not overlap
    height: int
    width: int = WIDTH
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = TOP + PLOT_HEIGHT

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def last_goal(self) -> int:
        return self.bars[-1].goal

    @property
    def tick_x(self) -> int:
        return self.left - 6

    @property
    def goal_label_x(self) -> int:
        return self.right + 6

    @property
    def year_y(self) -> int:
        return self.bottom + 18

    @property
    def axis_title_y(self) -> int:
        return self.height - 8


def trend_chart(
    rows: Sequence[tuple[str, int, int]], *, title: str, id: str = "trend-chart"
) -> TrendChart | None:
    """Bars of (label, value, goal) rows, oldest first, under a step line of the goals; None without rows."""
    if not rows:
        return None
    top = _axis_top(max(max(value, goal) for _label, value, goal in rows))
    slot = (WIDTH - LEFT - RIGHT) / len(rows)
    bottom = TOP + PLOT_HEIGHT

    def y(value: float) -> float:
        return round(bottom - value / top * PLOT_HEIGHT, 1)

    bars = tuple(
        Bar(
            label,
            value,
            goal,
            x=round(LEFT + i * slot + slot * (1 - BAR_SHARE) / 2, 1),
            y=y(value),
            width=round(slot * BAR_SHARE, 1),
            height=round(bottom - y(value), 1),
        )
        for i, (label, value, goal) in enumerate(rows)
    )
    steps = [f"M{LEFT} {y(rows[0][2])}"]
    for i, (_label, _value, goal) in enumerate(rows):
        steps.append(f"V{y(goal)}H{round(LEFT + (i + 1) * slot, 1)}")
    ticks = tuple(Tick(value, y(value)) for value in range(0, top + 1, _tick_step(top)))
    slanted = max(len(label) for label, _value, _goal in rows) * CHARACTER_WIDTH > slot - 4
    height = bottom + (BOTTOM_SLANTED if slanted else BOTTOM)
    return TrendChart(id, title, bars, ticks, "".join(steps), y(rows[-1][2]), slanted, height)


def _axis_top(largest: int) -> int:
    """The axis' top: a round number at or above the largest value (at least 1, so empty years draw)."""
    step = _tick_step(max(largest, 1))
    return max(step, math.ceil(largest / step) * step)


def _tick_step(largest: int) -> int:
    """1, 2 or 5 times a power of ten, so that the axis has at most six steps."""
    steps = (factor * 10**power for power in itertools.count() for factor in (1, 2, 5))
    return next(step for step in steps if largest <= 6 * step)
