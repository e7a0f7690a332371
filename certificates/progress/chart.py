"""The dashboard's chart of a cohort's progress over time, drawn on the server as SVG: lines
of how many trainees were certified, one rule from it, active that week, and enrolled, one
point per week from the daily snapshots and today's figures as the last.

No JavaScript: the template draws the paths and points worked out here, the chart has a
title and a description in words, and the same figures are in a table beside it. Colours
and dash patterns come from static/css/progress.css, so the lines differ without colour
too, and in forced-colours mode.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .snapshots import ChartPoint

WEEKS = 12  # how far back the chart looks
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 12, 32  # the plot's margins inside the SVG

SERIES = [
    ("enrolled", gettext_lazy("Enrolled")),
    ("active", gettext_lazy("Active that week")),
    ("one_left", gettext_lazy("One rule left")),
    ("certified", gettext_lazy("Certified")),
]


def chart_days(today: date) -> list[date]:
    """The days the chart reads snapshots of: the same weekday in each of the last weeks."""
    return [today - timedelta(weeks=weeks) for weeks in range(WEEKS, 0, -1)]


def _step(top: int) -> int:
    """A round step for at most five gridlines up to `top`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if top / (step * factor) <= 5:
                return step * factor
        step *= 10


@dataclass
class Line:
    key: str
    label: str
    path: str
    points: list[dict] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    lines: list[Line]
    gridlines: list[dict]
    labels: list[dict]
    table: list[ChartPoint]
    description: str
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    tick_x: int = LEFT - 6  # the gridlines' figures end here
    label_y: int = HEIGHT - 10  # the dates' baseline


def _figure(value: float) -> str:
    """A coordinate for SVG: a tenth at most, never localised, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _day_label(point: ChartPoint) -> str:
    return _("Today") if point.live else date_format(point.day, "j M")


def progress_chart(points: list[ChartPoint]) -> Chart | None:
    """The chart of `points` (oldest first), or None when there is nothing to draw."""
    if not points:
        return None
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    top = max(max(point.enrolled for point in points), 1)
    step = _step(top)
    top = -(-top // step) * step  # the gridline at or above the highest figure

    def x(point: ChartPoint) -> str:
        if len(points) == 1:
            return _figure(LEFT + plot_width)
        return _figure(LEFT + plot_width * (point.day - first).days / span)

    def y(value: int) -> str:
        return _figure(TOP + plot_height * (1 - value / top))

    lines = []
    for key, label in SERIES:
        coordinates = [(x(point), y(getattr(point, key)), point) for point in points]
        path = " ".join(
            f"{'M' if index == 0 else 'L'}{px} {py}"
            for index, (px, py, _point) in enumerate(coordinates)
        )
        lines.append(
            Line(
                key=key,
                label=str(label),
                path=path,
                points=[
                    {
                        "x": px,
                        "y": py,
                        "title": _("%(series)s, %(day)s: %(count)s")
                        % {
                            "series": label,
                            "day": _day_label(point),
                            "count": getattr(point, key),
                        },
                    }
                    for px, py, point in coordinates
                ],
            )
        )
    gridlines = [{"y": y(value), "value": value} for value in range(0, top + 1, step)]
    # Every other week's date under the axis, and the last point's always.
    labels = [
        {"x": x(point), "text": _day_label(point)}
        for index, point in enumerate(points)
        if index == len(points) - 1 or (len(points) - 1 - index) % 2 == 0
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        lines=lines,
        gridlines=gridlines,
        labels=labels,
        table=points,
        description=_chart_description(points),
    )


def _chart_description(points: list[ChartPoint]) -> str:
    first, last = points[0], points[-1]
    if first is last:
        return _(
            "Today: %(certified)s of %(enrolled)s trainees certified, %(one_left)s one rule "
            "from it, %(active)s active this week. Earlier weeks appear once the daily "
            "snapshots have been taken."
        ) % {
            "certified": last.certified,
            "enrolled": last.enrolled,
            "one_left": last.one_left,
            "active": last.active,
        }
    return _(
        "From %(start)s to %(end)s, certified trainees went from %(certified_start)s to "
        "%(certified_end)s of %(enrolled_end)s, and trainees one rule from a certificate from "
        "%(one_left_start)s to %(one_left_end)s."
    ) % {
        "start": date_format(first.day, "j M Y"),
        "end": date_format(last.day, "j M Y"),
        "certified_start": first.certified,
        "certified_end": last.certified,
        "enrolled_end": last.enrolled,
        "one_left_start": first.one_left,
        "one_left_end": last.one_left,
    }
