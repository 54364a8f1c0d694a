"""The explorer page's model: counts and every chart, built from SQL aggregates.

No Flask here: `link(filters)` (from the view) turns a narrowed set of filters into the URL
of the story list, so a click on a zone, a bar or a week reads the stories behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from app.charts.bars import (
    ChoiceChart,
    EventMark,
    HistogramChart,
    WeeklyChart,
    choice_bars,
    dyad_histogram,
    event_marks,
    weekly_chart,
)
from app.charts.stones import StonePlot, stone_plot
from app.charts.ternary import TernaryChart, ternary_chart
from app.explore import aggregate, rollup_read
from app.explore.concurrent import gather
from app.explore.filters import Filters
from app.explore.scope import stories_for
from app.explore.timeline import events_for
from app.framework.loader import Framework
from app.models.user import User

Link = Callable[[Filters], str]
EventLink = Callable[[Any], str]


def label(text: dict[str, str] | None, lang: str) -> str:
    if not text:
        return ""
    return text.get(lang) or text.get("cy") or ""


@dataclass
class Section:
    question: dict[str, Any]
    kind: str  # triad | dyad | stones | choice
    title: str
    chart: Any
    corner_labels: list[str] = field(default_factory=list)


@dataclass
class Overview:
    total: int
    sections: list[Section]
    weekly: WeeklyChart
    events: list[EventMark] = field(default_factory=list)


def _triad(q, data, filters: Filters, link: Link, lang: str) -> TernaryChart:
    return ternary_chart(
        [label(c["label"], lang) for c in q["corners"]],
        data.zones,
        tuple(data.sums),
        data.not_applicable,
        data.points,
        data.density,
        href=lambda zone: link(filters.with_(zone=(q["id"], zone))),
    )


def _dyad(q, data, filters: Filters, link: Link, lang: str) -> HistogramChart:
    return dyad_histogram(
        label(q["left"], lang),
        label(q["right"], lang),
        data.bins,
        data.total_a,
        data.not_applicable,
        href=lambda n: link(filters.with_(dyad_bin=(q["id"], n))),
    )


def _choice(q, counts, total, filters: Filters, link: Link, lang: str) -> ChoiceChart:
    options = [(o["id"], label(o["label"], lang)) for o in q["options"]]
    if q["type"] == "prompt":

        def href(option: str) -> str:
            return link(filters.with_(prompts=tuple(dict.fromkeys((*filters.prompts, option)))))
    else:

        def href(option: str) -> str:
            pair = (q["id"], option)
            return link(filters.with_(answers=tuple(dict.fromkeys((*filters.answers, pair)))))

    return choice_bars(options, counts, total, href=href)


def _stones(q, data, lang: str) -> list[StonePlot]:
    plots = []
    for item in q["items"]:
        d = data.get((q["id"], item["id"]), aggregate.StoneData())
        plots.append(
            stone_plot(item["id"], label(item["label"], lang), d.placed, d.sum_x, d.sum_y, d.points)
        )
    return plots


def build(
    user: User,
    filters: Filters,
    framework: Framework,
    lang: str,
    link: Link,
    event_link: EventLink | None = None,
) -> Overview:
    """Counts and every chart; `event_link(day)` is where a timeline event's mark leads."""
    # Complete months come from their roll-up when the filters allow it; the rest raw.
    parts = rollup_read.split(stories_for(user, filters), filters)
    found = gather(  # independent queries, side by side; the slowest first
        {
            "stones": partial(rollup_read.stones, parts),
            "triads": partial(rollup_read.triads, parts),
            "choices": partial(rollup_read.choices, parts),
            "dyads": partial(rollup_read.dyads, parts),
            "calendar": partial(rollup_read.calendar, parts),  # weeks and prompts
            "total": partial(rollup_read.count, parts),
        }
    )
    total, triads, dyads = found["total"], found["triads"], found["dyads"]
    choices, stones = found["choices"], found["stones"]
    week_counts, prompts = found["calendar"]
    sections = []
    for q in framework.questions:
        title, kind = label(q["label"], lang), q["type"]
        if kind == "triad":
            chart = _triad(q, triads.get(q["id"], aggregate.TriadData()), filters, link, lang)
            sections.append(Section(q, "triad", title, chart))
        elif kind == "dyad":
            chart = _dyad(q, dyads.get(q["id"], aggregate.DyadData()), filters, link, lang)
            sections.append(Section(q, "dyad", title, chart))
        elif kind == "stones":
            sections.append(Section(q, "stones", title, _stones(q, stones, lang)))
        elif kind in ("single", "multiple"):
            chart = _choice(q, choices.get(q["id"], {}), total, filters, link, lang)
            sections.append(Section(q, "choice", title, chart))
        elif kind == "prompt":
            sections.append(
                Section(q, "choice", title, _choice(q, prompts, total, filters, link, lang))
            )

    def week_link(day):
        return link(filters.with_(date_from=day, date_to=day + timedelta(days=6)))

    weekly = weekly_chart(week_counts, filters.date_from, filters.date_to, href=week_link)
    events = [
        (e.happened_on, e.title(lang), e.title_lang(lang))
        for e in events_for(user, filters.partners, filters.date_from, filters.date_to)
    ]
    marks = event_marks(weekly, events, href=event_link)
    return Overview(total, sections, weekly, marks)
