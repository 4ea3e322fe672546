"""Weekly gate figures as plain data, and the grouped bar chart that shows them.

No ORM here: `whitepapers.admin_views.figures` runs one aggregate query and hands its rows in as
`(key, kind, week, count)` tuples; this module buckets them into ISO weeks (Monday first),
works out rates, and lays out and draws an accessible inline SVG chart.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join

__all__ = [
    "KINDS",
    "SERIES",
    "BarChart",
    "Series",
    "WeeklyFigures",
    "bar_chart",
    "conversion_rate",
    "percent",
    "render_bar_chart_svg",
    "week_start",
    "week_starts",
    "weekly_figures",
]


@dataclass(frozen=True)
class Series:
    """One kind of gate event as the chart shows it; colours from the Okabe–Ito palette."""

    kind: str
    label: str
    colour: str


# Kinds match `GateEventKind`'s values, in the order a reader passes the gate.
SERIES = (
    Series("view", "Form views", "#56B4E9"),
    Series("submission", "Submissions", "#E69F00"),
    Series("confirmation", "Confirmations", "#CC79A7"),
    Series("download", "Downloads", "#009E73"),
)
KINDS = tuple(series.kind for series in SERIES)


def week_start(day):
    """The Monday of `day`'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def week_starts(today, count=12):
    """The Mondays of the last `count` ISO weeks, oldest first; the last is `today`'s week."""
    this_week = week_start(today)
    return [this_week - datetime.timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def conversion_rate(views, downloads):
    """Downloads per form view, or None when nobody saw the form."""
    return downloads / views if views else None


def percent(rate):
    """'12.5 %' for 0.125; a dash when there is no rate."""
    return "–" if rate is None else f"{rate * 100:.1f} %"


@dataclass
class WeeklyFigures:
    """One whitepaper's counts per kind and week (`counts[kind][i]` is for `weeks[i]`)."""

    key: object
    weeks: list
    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        for kind in KINDS:
            self.counts.setdefault(kind, [0] * len(self.weeks))

    @property
    def totals(self):
        return {kind: sum(counts) for kind, counts in self.counts.items()}

    @property
    def total_row(self):
        """The totals in `KINDS` order, for a table row."""
        return [sum(self.counts[kind]) for kind in KINDS]

    @property
    def conversion_rate(self):
        totals = self.totals
        return conversion_rate(totals["view"], totals["download"])

    @property
    def is_empty(self):
        return not any(self.totals.values())

    def rows(self):
        """Per week, newest first: (Monday, [count per kind in `KINDS` order], rate as text)."""
        for i in reversed(range(len(self.weeks))):
            counts = [self.counts[kind][i] for kind in KINDS]
            rate = conversion_rate(self.counts["view"][i], self.counts["download"][i])
            yield self.weeks[i], counts, percent(rate)


def weekly_figures(rows, weeks, keys=()):
    """Bucket `(key, kind, day, count)` rows into a `WeeklyFigures` per key, in `keys` order.

    Every key in `keys` gets figures, zeros if its gate was quiet; keys only found in rows
    follow. Rows of other kinds or outside `weeks` are left out.
    """
    position = {week: i for i, week in enumerate(weeks)}
    figures = {key: WeeklyFigures(key, weeks) for key in keys}
    for key, kind, day, count in rows:
        i = position.get(week_start(day))
        if i is None or kind not in KINDS:
            continue
        if key not in figures:
            figures[key] = WeeklyFigures(key, weeks)
        figures[key].counts[kind][i] += count
    return list(figures.values())


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class BarChart:
    """Where everything goes, in SVG user units; `render_bar_chart_svg` draws it."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: list
    ticks: list  # (y, value)
    week_labels: list  # (x, text)


def tick_step(largest, max_ticks=4):
    """A round step (1, 2, 5, 10, 20, 50, …) that splits 0..largest into at most max_ticks."""
    rough = max(1, math.ceil(largest / max_ticks))
    magnitude = 10 ** (len(str(rough)) - 1)
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= rough)


def short_date(day):
    return f"{day.day} {day:%b}"


def bar_chart(figures, width=720, height=260, series=SERIES):
    """Lay out a grouped bar chart: one group per week, one bar per series."""
    left, right, top, bottom = 44, width - 8, 12, height - 32
    largest = max((max(figures.counts[s.kind], default=0) for s in series), default=0)
    step = tick_step(largest)
    axis_max = step * max(1, math.ceil(largest / step))
    group_width = (right - left) / max(1, len(figures.weeks))
    gap = group_width * 0.25
    bar_width = (group_width - gap) / len(series)

    bars, week_labels = [], []
    for i, week in enumerate(figures.weeks):
        group_left = left + i * group_width + gap / 2
        week_labels.append((left + (i + 0.5) * group_width, short_date(week)))
        for j, s in enumerate(series):
            count = figures.counts[s.kind][i]
            if not count:
                continue
            bar_height = (bottom - top) * count / axis_max
            bars.append(
                Bar(
                    x=group_left + j * bar_width,
                    y=bottom - bar_height,
                    width=bar_width,
                    height=bar_height,
                    colour=s.colour,
                    label=f"{s.label}, week of {short_date(week)}: {count}",
                )
            )
    ticks = [
        (bottom - (bottom - top) * value / axis_max, value)
        for value in range(0, axis_max + 1, step)
    ]
    return BarChart(width, height, left, right, top, bottom, bars, ticks, week_labels)


def _n(number):
    # SVG wants a dot as decimal separator whatever the admin's language.
    return f"{number:.1f}"


def render_bar_chart_svg(chart, title, description, element_id):
    """The chart as inline SVG: `role="img"` with a title and description, no scripts, no
    style attributes; each bar has its own `<title>` for pointer users."""
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="{}"/>'
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" font-size="11" '
        'fill="currentColor">{}</text>',
        (
            (
                _n(chart.left),
                _n(y),
                _n(chart.right),
                _n(y),
                "0.6" if value == 0 else "0.15",
                _n(chart.left - 6),
                _n(y),
                value,
            )
            for y, value in chart.ticks
        ),
    )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        ((_n(b.x), _n(b.y), _n(b.width), _n(b.height), b.colour, b.label) for b in chart.bars),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="currentColor">{}</text>',
        ((_n(x), _n(chart.bottom + 18), text) for x, text in chart.week_labels),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="wp-chart" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{bars}{labels}</svg>",
        w=chart.width,
        h=chart.height,
        id=element_id,
        title=title,
        desc=description,
        grid=grid,
        bars=bars,
        labels=labels,
    )
