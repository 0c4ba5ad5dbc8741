"""Grouped bar charts as server-rendered SVG: the geometry is worked out here and
templates/reviews/_timeliness_chart.html only places what it is given (so every word in it is
escaped by the template). No JavaScript and no style attributes, which the Content Security
Policy refuses: colours are SVG presentation attributes. A chart is an image (role="img") named
by its title and description; a visible legend names the bars, each bar carries its number, and
the bars that mean "open past due" are hatched as well as coloured. The data table beside it and
a sentence say the same in words."""

from dataclasses import dataclass
from math import ceil

from .timeliness import Basis, StepTimeliness

WIDTH = 640  # the viewBox, drawn at its size in a two-thirds column; smaller on a phone
HEIGHT = 320
FONT_SIZE = 16
LEFT = 48  # room for the axis's numbers
RIGHT = 16
TOP = 72  # the legend, and room for the numbers above the tallest bars
BOTTOM = 40  # the years
GROUP_MIN_WIDTH = 120  # a year's label ("2026 to 2027") fits under its bars
BAR_MAX_WIDTH = 36
BAR_GAP = 4
LEGEND_Y = 8
SWATCH = 18
MAX_INTERVALS = 5


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str
    stripe: str = ""  # hatched with this colour when set

    @property
    def outline(self) -> str:
        """The darker stripe for a hatched bar, so that its edge stands out from the page."""
        return self.stripe or self.colour

    def fill(self, chart_id: str) -> str:
        return f"url(#{self.pattern_id(chart_id)})" if self.stripe else self.colour

    def pattern_id(self, chart_id: str) -> str:
        return f"{chart_id}-{self.key}-hatch"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    fill: str
    stroke: str

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 6, 1)


@dataclass(frozen=True)
class Group:
    label: str
    x: float  # its centre
    bars: list[Bar]


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class LegendItem:
    label: str
    x: float
    fill: str
    stroke: str

    @property
    def text_x(self) -> float:
        return self.x + SWATCH + 6


@dataclass(frozen=True)
class Pattern:
    id: str
    colour: str
    stripe: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: float
    groups: list[Group]
    ticks: list[Tick]
    legend: list[LegendItem]
    patterns: list[Pattern]
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    font_size: int = FONT_SIZE
    swatch: int = SWATCH

    @property
    def right(self) -> float:
        return self.width - RIGHT

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"

    @property
    def legend_y(self) -> int:
        return LEGEND_Y

    @property
    def legend_text_y(self) -> int:
        return LEGEND_Y + SWATCH - 4

    @property
    def label_y(self) -> int:
        return self.baseline + 26


def scale(largest: int) -> tuple[int, int]:
    """The axis's top and its interval: whole numbers, 1, 2 or 5 times a power of ten, at most
    five intervals. An empty chart still has an axis from 0 to 1."""
    magnitude = 1
    while True:
        for interval in (magnitude, 2 * magnitude, 5 * magnitude):
            if largest <= MAX_INTERVALS * interval:
                return max(interval, ceil(largest / interval) * interval), interval
        magnitude *= 10


def _legend(chart_id: str, series: list[Series]) -> list[LegendItem]:
    items, x = [], float(LEFT)
    for item in series:
        items.append(LegendItem(item.label, x, item.fill(chart_id), item.outline))
        x += SWATCH + 6 + 9 * len(item.label) + 24  # about 9 units a letter at 16 units high
    return items


def _bars(chart_id: str, series: list[Series], values: list[int], centre: float, unit_height: float):
    width = min(BAR_MAX_WIDTH, (GROUP_MIN_WIDTH - 24) / len(series))
    x = centre - (len(series) * width + (len(series) - 1) * BAR_GAP) / 2
    bars = []
    for item, value in zip(series, values, strict=True):
        height = round(value * unit_height, 1)
        bars.append(
            Bar(
                round(x, 1), HEIGHT - BOTTOM - height, width, height, value, item.fill(chart_id), item.outline
            )
        )
        x += width + BAR_GAP
    return bars


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    values: list[list[int]],
) -> BarChart:
    """One group of bars per category (a year), one bar per series in each, side by side."""
    top, interval = scale(max((value for row in values for value in row), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    group_width = max(GROUP_MIN_WIDTH, (WIDTH - LEFT - RIGHT) / max(len(categories), 1))
    groups = []
    for index, (label, row) in enumerate(zip(categories, values, strict=True)):
        centre = round(LEFT + group_width * (index + 0.5), 1)
        groups.append(Group(label, centre, _bars(chart_id, series, row, centre, plot_height / top)))
    ticks = [
        Tick(value, round(HEIGHT - BOTTOM - value * plot_height / top, 1))
        for value in range(0, top + 1, interval)
    ]
    patterns = [
        Pattern(item.pattern_id(chart_id), item.colour, item.stripe) for item in series if item.stripe
    ]
    width = max(WIDTH, LEFT + group_width * len(categories) + RIGHT)
    return BarChart(chart_id, title, description, width, groups, ticks, _legend(chart_id, series), patterns)


# --- The timeliness charts (timeliness.py) ------------------------------------------------------

# The service's GOV.UK Frontend palette: green, red, and orange hatched with its darker shade.
TIMELINESS_SERIES = [
    Series("on_time", "On time", "#0f7a52"),
    Series("late", "Late", "#ca3535"),
    Series("open_past_due", "Open past due", "#f47738", stripe="#7a3c1c"),
]


def step_chart(step: StepTimeliness, basis: Basis) -> BarChart:
    return bar_chart(
        chart_id=f"timeliness-{step.key}",
        title=f"{step.name}: on time, late and open past due, by {basis.name}",
        description=(
            f"Bars for on time, late and open past due in each {basis.name}; "
            "the table beside the chart gives the same numbers."
        ),
        categories=[item.label for item in step.years],
        series=TIMELINESS_SERIES,
        values=[[getattr(item, series.key) for series in TIMELINESS_SERIES] for item in step.years],
    )
