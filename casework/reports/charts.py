"""Horizontal bar charts drawn as SVG on the server: no script, no inline style.

The geometry is computed here; templates/reports/_bar_chart.html draws it and repeats the
figures in a table for screen readers and for copying. A suppressed count gets no bar: its
length would give the number away.
"""

from dataclasses import dataclass

from .disclosure import is_suppressed, shown_count
from .selectors import Tally

WIDTH = 600
BAR_SPACE = 460  # the longest bar; the rest of the width holds its figure
ROW_HEIGHT = 40
LABEL_Y = 14
BAR_Y = 20
BAR_HEIGHT = 14


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    top: int
    width: int

    @property
    def label_y(self) -> int:
        return self.top + LABEL_Y

    @property
    def bar_y(self) -> int:
        return self.top + BAR_Y

    @property
    def figure_x(self) -> int:
        return self.width + 6

    @property
    def figure_y(self) -> int:
        return self.top + BAR_Y + BAR_HEIGHT - 2


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT


def bar_chart(title: str, tallies: list[Tally], *, shareable: bool) -> BarChart:
    largest = max((t.count for t in tallies), default=0) or 1
    bars = []
    for row, tally in enumerate(tallies):
        hidden = is_suppressed(tally.count, shareable=shareable)
        bars.append(
            Bar(
                label=str(tally.label),
                shown=shown_count(tally.count, shareable=shareable),
                top=row * ROW_HEIGHT,
                width=0 if hidden else round(BAR_SPACE * tally.count / largest),
            )
        )
    return BarChart(title=str(title), bars=bars)
