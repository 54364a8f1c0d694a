"""Bar charts: dyad histograms, choice bars and stories per week. Pure geometry."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.models.story import SCALE

DYAD_BINS = 10


def dyad_bin(a: int, bins: int = DYAD_BINS) -> int:
    """The histogram bin of a dyad position: [0, 10%) is bin 0 ... [90%, 100%] is bin 9.

    The SQL in app.explore.sql does the same.
    """
    return min(a * bins // SCALE, bins - 1)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    share: float
    label: str
    href: str | None


@dataclass
class HistogramChart:
    width: float
    height: float
    baseline: float
    left_label: str
    right_label: str
    bars: list[Bar]
    placed: int
    not_applicable: int
    mean_x: float | None
    mean_percent: float | None  # 0 = left pole, 100 = right pole


def dyad_histogram(
    left_label: str,
    right_label: str,
    bin_counts: dict[int, int],
    total_a: int,
    not_applicable: int = 0,
    href: Callable[[int], str] | None = None,
    bins: int = DYAD_BINS,
) -> HistogramChart:
    """A dyad as a histogram of `bins` equal bins from the left pole (0) to the right (SCALE)."""
    width, plot_h, left, top = 320.0, 120.0, 10.0, 10.0
    bar_w = (width - 2 * left) / bins
    placed = sum(bin_counts.get(i, 0) for i in range(bins))
    peak = max(bin_counts.values(), default=0) or 1
    bars = []
    for i in range(bins):
        n = bin_counts.get(i, 0)
        h = round(plot_h * n / peak, 1)
        lo, hi = i * 100 // bins, (i + 1) * 100 // bins
        bars.append(
            Bar(
                x=round(left + i * bar_w + 1, 1),
                y=round(top + plot_h - h, 1),
                width=round(bar_w - 2, 1),
                height=h,
                count=n,
                share=n / placed if placed else 0.0,
                label=f"{lo}–{hi}",
                href=href(i) if href else None,
            )
        )
    mean_x = mean_percent = None
    if placed:
        mean_percent = round(100 * total_a / (placed * SCALE), 1)
        mean_x = round(left + (width - 2 * left) * total_a / (placed * SCALE), 1)
    return HistogramChart(
        width, top + plot_h + 26, top + plot_h, left_label, right_label, bars, placed,
        not_applicable, mean_x, mean_percent,
    )  # fmt: skip


@dataclass
class ChoiceChart:
    width: float
    height: float
    bars: list[Bar]
    answered: int


def choice_bars(
    options: Sequence[tuple[str, str]],
    counts: dict[str, int],
    base: int,
    href: Callable[[str], str] | None = None,
) -> ChoiceChart:
    """Horizontal bars, one per option (id, label), each a share of `base` stories."""
    width, row, label_h, bar_h = 320.0, 46.0, 18.0, 20.0
    peak = max(counts.values(), default=0) or 1
    bars = []
    for i, (option_id, label) in enumerate(options):
        n = counts.get(option_id, 0)
        bars.append(
            Bar(
                x=0.0,
                y=round(i * row + label_h + 4, 1),
                width=round(max(0.0, (width - 70) * n / peak), 1),
                height=bar_h,
                count=n,
                share=n / base if base else 0.0,
                label=label,
                href=href(option_id) if href else None,
            )
        )
    return ChoiceChart(width, len(options) * row + 4, bars, sum(counts.values()))


@dataclass(frozen=True)
class WeekBar:
    start: date
    x: float
    y: float
    width: float
    height: float
    count: int
    href: str | None
    month_label: bool  # the first week of a month gets a tick label


@dataclass
class WeeklyChart:
    width: float
    height: float
    baseline: float
    bars: list[WeekBar]
    peak: int
    total: int


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_chart(
    week_counts: dict[date, int],
    first: date | None = None,
    last: date | None = None,
    href: Callable[[date], str] | None = None,
) -> WeeklyChart:
    """Stories per week (weeks start on Monday), empty weeks included, from first to last."""
    weeks = sorted(week_counts)
    width, plot_h, left, top = 640.0, 120.0, 4.0, 8.0
    if not weeks and (first is None or last is None):
        return WeeklyChart(width, top + plot_h + 24, top + plot_h, [], 0, 0)
    start = monday(first or weeks[0])
    end = monday(last or weeks[-1])
    if weeks:
        start, end = min(start, monday(weeks[0])), max(end, monday(weeks[-1]))
    count = (end - start).days // 7 + 1
    if count > 520:  # ten years at most: older weeks are dropped, not squeezed to nothing
        start, count = end - timedelta(weeks=519), 520
    bar_w = (width - 2 * left) / count
    peak = max(week_counts.values(), default=0) or 1
    bars = []
    for i in range(count):
        day = start + timedelta(weeks=i)
        n = week_counts.get(day, 0)
        h = round(plot_h * n / peak, 1)
        bars.append(
            WeekBar(
                start=day,
                x=round(left + i * bar_w, 2),
                y=round(top + plot_h - h, 1),
                width=round(max(bar_w - 1, 0.5), 2),
                height=h,
                count=n,
                href=href(day) if href else None,
                month_label=day.day <= 7,
            )
        )
    total = sum(week_counts.values())
    return WeeklyChart(
        width, top + plot_h + 24, top + plot_h, bars, max(week_counts.values(), default=0), total
    )


@dataclass(frozen=True)
class EventMark:
    """A timeline event drawn on a WeeklyChart: a numbered line at its day."""

    number: int
    day: date
    x: float
    title: str
    lang: str  # the language of the title (for a lang attribute)
    href: str | None


def event_marks(
    chart: WeeklyChart,
    events: Iterable[tuple[date, str, str]],
    href: Callable[[date], str] | None = None,
) -> list[EventMark]:
    """Marks for (day, title, title language) events inside the chart's weeks, numbered 1...

    Each sits at its own day within its week's bar; events outside the chart are left out.
    """
    if not chart.bars:
        return []
    start = chart.bars[0].start
    step = chart.bars[1].x - chart.bars[0].x if len(chart.bars) > 1 else chart.bars[0].width
    marks = []
    for day, title, lang in sorted(events, key=lambda e: e[0]):
        index = (monday(day) - start).days // 7
        if not 0 <= index < len(chart.bars):
            continue
        x = chart.bars[index].x + step * (day.weekday() + 0.5) / 7
        number = len(marks) + 1
        marks.append(EventMark(number, day, round(x, 2), title, lang, href(day) if href else None))
    return marks
