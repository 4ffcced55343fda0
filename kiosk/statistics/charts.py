"""Bar charts drawn on the server as inline SVG: no script, no library, numbers on the bars.

Text in the SVG is only numbers, which read the same in both languages; the words stay in
HTML around it. On a vertical (Mongolian) page every chart is turned a quarter: the bars
grow down the page's lines and the categories follow each other left to right, as the
columns of the text do.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from kiosk.statistics.figures import DayCounts

#: Longest bar, in pixels; thickness of a bar and the gap after it.
LENGTH = 260
THICK = 18
GAP = 4
FONT = 14


@dataclass(frozen=True)
class Bar:
    value: int
    #: CSS class that colours the bar (one per series: `s-booked`, `s-served`…).
    series: str


def bars_for(row: object, fields: Iterable[str]) -> list[Bar]:
    """A bar for each counted field of a row, coloured by the field's series."""
    return [Bar(getattr(row, field), f"s-{field}") for field in fields]


def top_of(rows: Iterable[object], fields: Iterable[str]) -> int:
    """The largest count among the rows' fields: the longest bar of a chart."""
    fields = list(fields)
    return max((getattr(row, field) for row in rows for field in fields), default=0)


def _scale(value: int, top: int, length: int) -> float:
    if value <= 0 or top <= 0:
        return 0.0
    return max(2.0, round(value / top * length, 1))


def _svg(width: float, height: float, body: list[str], label: str) -> Markup:
    return Markup(
        f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" width="{width:g}" '
        f'height="{height:g}" viewBox="0 0 {width:g} {height:g}" font-size="{FONT}" '
        f'role="img" aria-label="{escape(label)}">{"".join(body)}</svg>'
    )


def bar_group(bars: Sequence[Bar], top: int, *, vertical: bool, label: str = "") -> Markup:
    """The bars of one category (one service, one key group), longest possible = `top`."""
    body: list[str] = []
    room = 6 * FONT * 0.6  # a 5-digit number after the longest bar
    for index, bar in enumerate(bars):
        size = _scale(bar.value, top, LENGTH)
        across = index * (THICK + GAP)
        middle = across + THICK / 2
        if vertical:
            body.append(f'<rect class="{bar.series}" x="{across}" y="0" width="{THICK}" '
                        f'height="{size:g}"/>')  # fmt: skip
            body.append(f'<text x="{middle:g}" y="{size + 3:g}" text-anchor="middle" '
                        f'dominant-baseline="hanging">{bar.value}</text>')  # fmt: skip
        else:
            body.append(f'<rect class="{bar.series}" x="0" y="{across}" width="{size:g}" '
                        f'height="{THICK}"/>')  # fmt: skip
            body.append(f'<text x="{size + 4:g}" y="{middle:g}" '
                        f'dominant-baseline="central">{bar.value}</text>')  # fmt: skip
    breadth = len(bars) * (THICK + GAP) - GAP
    reach = LENGTH + room
    return _svg(breadth, reach, body, label) if vertical else _svg(reach, breadth, body, label)


def day_chart(days: Sequence[DayCounts], field: str, *, vertical: bool, label: str) -> Markup:
    """One bar per day, the day of the month beside it; the count on each bar that has one."""
    series = f"s-{field}"
    top = max((getattr(day, field) for day in days), default=0)
    pitch, thick, length, margin = (20, 15, 200, 26) if vertical else (32, 24, 150, 20)
    body: list[str] = []
    for index, entry in enumerate(days):
        day, count = entry.day, getattr(entry, field)
        size = _scale(count, top, length)
        across = index * pitch
        middle = across + thick / 2
        number = f"{count}" if count else ""
        if vertical:  # days run down the page, bars grow to the right
            body.append(f'<text x="{margin - 4}" y="{middle:g}" text-anchor="end" '
                        f'dominant-baseline="central" class="day">{day.day}</text>')  # fmt: skip
            body.append(f'<rect class="{series}" x="{margin}" y="{across}" width="{size:g}" '
                        f'height="{thick}"/>')  # fmt: skip
            body.append(f'<text x="{margin + size + 4:g}" y="{middle:g}" '
                        f'dominant-baseline="central">{number}</text>')  # fmt: skip
        else:  # days run across, bars grow up from the baseline
            base = FONT + 4 + length
            body.append(f'<rect class="{series}" x="{across}" y="{base - size:g}" '
                        f'width="{thick}" height="{size:g}"/>')  # fmt: skip
            body.append(f'<text x="{middle:g}" y="{base - size - 3:g}" '
                        f'text-anchor="middle">{number}</text>')  # fmt: skip
            body.append(f'<text x="{middle:g}" y="{base + 4:g}" text-anchor="middle" '
                        f'dominant-baseline="hanging" class="day">{day.day}</text>')  # fmt: skip
    breadth = len(days) * pitch
    if vertical:
        return _svg(margin + length + 6 * FONT * 0.6, breadth, body, label)
    return _svg(breadth, FONT + 4 + length + FONT + 8, body, label)
