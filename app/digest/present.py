"""A digest's numbers, made ready to print in one language: charts, cells, sentence parts.

No Flask and no gettext here: the sentences are whole gettext strings in the templates; this
module decides what each sentence says (which corner, which pole, which number), builds the
charts with the explorer's chart functions (app.charts) and applies small-cell suppression.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from app.charts.bars import EventMark, choice_bars, dyad_histogram, event_marks, weekly_chart
from app.charts.stones import StonePlot, stone_plot
from app.charts.ternary import TernaryChart, ternary_chart
from app.digest.data import SMALL, DigestData, Quote
from app.explore.aggregate import DyadData, StoneData, TriadData
from app.explore.overview import label
from app.framework.loader import Framework
from app.models.story import SCALE

SUPPRESSED = "<5"
MAX_BARS = 8  # a choice with more options is a table (sorted), not a chart taller than a page
STONE_POINTS = 120  # dots per stone item in print (the mean uses every story)
# What a digest quotes beside the story: the triads, dyads and the feeling, never the age or
# the area (with the text they could point to someone).
QUOTED_CHOICES = ("feeling",)


def cell(n: int, lang: str) -> str:
    """A count as printed: "<5" for 1 to 4 stories."""
    if 0 < n < SMALL:
        return SUPPRESSED
    return format_decimal(n, locale=lang)


def percent(n: int, base: int) -> int:
    return round(100 * n / base) if base else 0


def share(n: int, base: int) -> str:
    """A share of `base` as printed: "<5" when it counts 1 to 4 stories."""
    if 0 < n < SMALL:
        return SUPPRESSED
    return f"{percent(n, base)}%"


def long_date(day: date, lang: str) -> str:
    """4 Mawrth 2026 / 4 March 2026 (British order in English)."""
    return format_date(day, format="long", locale="en_GB" if lang == "en" else lang)


@dataclass
class Sentence:
    """Which translated sentence to print (`kind`) and its named values."""

    kind: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    label: str
    count: str
    share: str


@dataclass
class Section:
    question: dict[str, Any]
    kind: str  # triad | dyad | stones | choice | table
    title: str
    placed: int
    enough: bool
    chart: Any = None
    sentence: Sentence | None = None
    rows: list[Row] = field(default_factory=list)
    not_applicable: str = ""
    small_labels: dict[str, str] = field(default_factory=dict)  # chart label key -> "<5"
    x_label: str = ""
    y_label: str = ""


def _triad(q, data: TriadData, lang: str) -> Section:
    corners = [label(c["label"], lang) for c in q["corners"]]
    placed = sum(data.zones.values())
    section = Section(q, "triad", label(q["label"], lang), placed, placed >= SMALL)
    section.not_applicable = cell(data.not_applicable, lang)
    if not section.enough:
        return section
    # Density cells with fewer than SMALL stories are left out; no single dots in print.
    density = [(x, y, n) for x, y, n in data.density if n >= SMALL]
    chart: TernaryChart = ternary_chart(corners, data.zones, tuple(data.sums), 0, (), density)
    section.chart = chart
    section.small_labels = {z.id: SUPPRESSED for z in chart.zones if 0 < z.count < SMALL}
    names = {
        "c0": corners[0], "c1": corners[1], "c2": corners[2],
        "e01": (corners[0], corners[1]), "e02": (corners[0], corners[2]),
        "e12": (corners[1], corners[2]),
    }  # fmt: skip
    for z in chart.zones:
        section.rows.append(Row(z.id, cell(z.count, lang), share(z.count, placed)))
    top = max(chart.zones, key=lambda z: z.count)
    pct = percent(top.count, placed)
    if top.count < SMALL:
        section.sentence = Sentence("triad_spread")
    elif top.id == "centre":
        section.sentence = Sentence("triad_centre", {"percent": pct})
    elif top.id.startswith("c"):
        section.sentence = Sentence("triad_corner", {"percent": pct, "corner": names[top.id]})
    else:
        first, second = names[top.id]
        third = next(c for c in corners if c not in (first, second))
        section.sentence = Sentence(
            "triad_edge", {"percent": pct, "first": first, "second": second, "third": third}
        )
    return section


def _dyad(q, data: DyadData, lang: str) -> Section:
    placed = sum(data.bins.values())
    left, right = label(q["left"], lang), label(q["right"], lang)
    section = Section(q, "dyad", label(q["label"], lang), placed, placed >= SMALL)
    section.not_applicable = cell(data.not_applicable, lang)
    if not section.enough:
        return section
    section.chart = dyad_histogram(left, right, data.bins, data.total_a, 0)
    mean = round(100 * data.total_a / (placed * SCALE))
    if mean < 40:
        section.sentence = Sentence("dyad_lean", {"pole": left, "position": mean})
    elif mean > 60:
        section.sentence = Sentence("dyad_lean", {"pole": right, "position": mean})
    else:
        section.sentence = Sentence("dyad_middle", {"left": left, "right": right, "position": mean})
    return section


def _stones(q, data: dict[tuple[str, str], StoneData], lang: str) -> Section:
    section = Section(q, "stones", label(q["label"], lang), 0, False)
    section.x_label, section.y_label = (
        label(q["x_axis"]["label"], lang),
        label(q["y_axis"]["label"], lang),
    )
    plots: list[StonePlot] = []
    means: list[tuple[float, str]] = []
    for item in q["items"]:
        d = data.get((q["id"], item["id"]), StoneData())
        name = label(item["label"], lang)
        plot = stone_plot(item["id"], name, d.placed, d.sum_x, d.sum_y, d.points[:STONE_POINTS])
        if d.placed < SMALL:
            plot = replace(plot, mean=None, mean_percent=None, points=[])
            if d.placed:
                section.small_labels[item["id"]] = SUPPRESSED
        else:
            means.append((d.sum_y / d.placed, name))
        plots.append(plot)
        section.rows.append(
            Row(
                name,
                cell(d.placed, lang),
                f"{round(100 * d.sum_x / (d.placed * SCALE))} · "
                f"{round(100 * d.sum_y / (d.placed * SCALE))}"
                if d.placed >= SMALL
                else "–",
            )
        )
    section.placed = max((p.placed for p in plots), default=0)
    section.enough = len(means) >= 1
    section.chart = plots
    if len(means) >= 2:
        means.sort()
        section.sentence = Sentence(
            "stones", {"high": means[-1][1], "low": means[0][1], "axis": section.y_label}
        )
    return section


def _choice(q, counts: dict[str, int], total: int, lang: str) -> Section:
    options = [(o["id"], label(o["label"], lang)) for o in q["options"]]
    answered = sum(counts.values())
    section = Section(q, "choice", label(q["label"], lang), answered, answered >= SMALL)
    if not section.enough:
        return section
    names = dict(options)
    top_id = max(counts, key=lambda o: counts[o])
    if counts[top_id] >= SMALL:
        kind = "choice_multiple" if q["type"] == "multiple" else "choice_single"
        section.sentence = Sentence(
            kind, {"option": names.get(top_id, top_id), "percent": percent(counts[top_id], total)}
        )
    if len(options) > MAX_BARS:
        section.kind = "table"
        # A long list (places) reads best busiest first; a short one (age bands) in its order.
        ranked = (
            sorted(options, key=lambda o: (-counts.get(o[0], 0), o[1]))
            if len(options) > 12
            else options
        )
        section.rows = [
            Row(name, cell(counts.get(oid, 0), lang), share(counts.get(oid, 0), total))
            for oid, name in ranked
            if counts.get(oid, 0)
        ]
        return section
    chart = choice_bars(options, counts, total)
    section.chart = chart
    section.small_labels = {str(bar.y): SUPPRESSED for bar in chart.bars if 0 < bar.count < SMALL}
    return section


@dataclass
class PartnerLine:
    name: str
    sector: str
    stories: str
    previous: str
    welsh: str
    dyads: list[str]


@dataclass
class View:
    """Everything one language's part of the digest prints."""

    lang: str
    data: DigestData
    scope_name: str | None
    start: str
    end: str
    previous_start: str
    previous_end: str
    total: str
    previous_total: str
    change: str
    welsh: str
    proxy: str
    consent: str
    sections: list[Section] = field(default_factory=list)
    weekly: Any = None
    busiest_week: str | None = None
    quotes: list[dict[str, Any]] = field(default_factory=list)
    partner_lines: list[PartnerLine] = field(default_factory=list)
    dyad_titles: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_marks: list[EventMark] = field(default_factory=list)


def _change(now: int, before: int, lang: str) -> str:
    if now < SMALL or before < SMALL:
        return "–"
    diff = now - before
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    pct = round(100 * abs(diff) / before)
    return f"{sign}{format_decimal(abs(diff), locale=lang)} ({sign}{pct}%)"


def _quote(q: Quote, framework: Framework, lang: str, partner_names: dict[str, str]):
    from app.charts.ternary import zone_of

    signification = []
    for question in framework.questions:
        qid, qtype = question["id"], question["type"]
        title = label(question["label"], lang)
        if qtype == "triad" and qid in q.triads:
            pos = q.triads[qid]
            corners = [label(c["label"], lang) for c in question["corners"]]
            if pos is None:
                signification.append((title, Sentence("na")))
                continue
            zone = zone_of(*pos)
            if zone == "centre":
                signification.append((title, Sentence("zone_centre")))
            elif len(zone) == 2:
                signification.append(
                    (title, Sentence("zone_corner", {"corner": corners[int(zone[1])]}))
                )
            else:
                signification.append(
                    (
                        title,
                        Sentence(
                            "zone_edge",
                            {"first": corners[int(zone[1])], "second": corners[int(zone[2])]},
                        ),
                    )
                )
        elif qtype == "dyad" and qid in q.dyads:
            value = q.dyads[qid]
            if value is None:
                signification.append((title, Sentence("na")))
            else:
                signification.append(
                    (
                        title,
                        Sentence(
                            "dyad_position",
                            {
                                "position": round(100 * value / SCALE),
                                "left": label(question["left"], lang),
                                "right": label(question["right"], lang),
                            },
                        ),
                    )
                )
        elif qid in QUOTED_CHOICES and qid in q.choices:
            names = {o["id"]: label(o["label"], lang) for o in question["options"]}
            chosen = ", ".join(names.get(o, o) for o in q.choices[qid])
            signification.append((title, Sentence("text", {"text": chosen})))
    return {
        "id": q.id,
        "title": q.title,
        "text": q.text,
        "language": q.language,
        "received": long_date(q.received, lang),
        "partner": partner_names.get(q.partner, ""),
        "signification": signification,
    }


def build_view(
    data: DigestData,
    framework: Framework,
    lang: str,
    partner_names: dict[str, str],
    sector_names: dict[str, str],
) -> View:
    """One language's view of the digest (labels from the framework in `lang`)."""
    p, prev = data.period, data.period.previous()
    view = View(
        lang=lang,
        data=data,
        scope_name=data.scope.name(lang),
        start=long_date(p.start, lang),
        end=long_date(p.end, lang),
        previous_start=long_date(prev.start, lang),
        previous_end=long_date(prev.end, lang),
        total=cell(data.total, lang),
        previous_total=cell(data.previous_total, lang),
        change=_change(data.total, data.previous_total, lang),
        welsh=share(data.welsh, data.total),
        proxy=share(data.proxy, data.total),
        consent=share(data.consent, data.total),
    )
    if not data.enough:
        return view
    for q in framework.questions:
        kind = q["type"]
        if kind == "triad":
            view.sections.append(_triad(q, data.triads.get(q["id"], TriadData()), lang))
        elif kind == "dyad":
            view.sections.append(_dyad(q, data.dyads.get(q["id"], DyadData()), lang))
        elif kind == "stones":
            view.sections.append(_stones(q, data.stones, lang))
        elif kind == "prompt":
            view.sections.append(_choice(q, data.prompts, data.total, lang))
        elif kind in ("single", "multiple") and not q.get("role"):
            view.sections.append(_choice(q, data.choices.get(q["id"], {}), data.total, lang))
    view.weekly = weekly_chart(data.weeks, p.start, p.end)
    if data.weeks:
        week, n = max(data.weeks.items(), key=lambda item: (item[1], item[0]))
        if n >= SMALL:
            view.busiest_week = long_date(week, lang)
    for e in sorted(data.events, key=lambda e: e.day):
        own = e.title_cy if lang == "cy" else e.title_en
        other_lang = "en" if lang == "cy" else "cy"
        view.events.append(
            {
                "day": e.day,
                "date": long_date(e.day, lang),
                "title": own or (e.title_en if lang == "cy" else e.title_cy),
                "lang": lang if own else other_lang,
                "partner": partner_names.get(e.partner, "") if e.partner else "",
            }
        )
    # The same numbered marks the explorer draws on its weekly chart; the table below the
    # chart carries each number, so a reader can match a line to its event.
    view.event_marks = event_marks(
        view.weekly, [(e["day"], e["title"], e["lang"]) for e in view.events]
    )
    numbers = {(m.day, m.title): m.number for m in view.event_marks}
    for e in view.events:
        e["number"] = numbers.get((e["day"], e["title"]))
    view.quotes = [_quote(q, framework, lang, partner_names) for q in data.quotes]
    dyad_qs = [q for q in framework.questions if q["type"] == "dyad"]
    view.dyad_titles = [f"{label(q['left'], lang)} → {label(q['right'], lang)}" for q in dyad_qs]
    for row in data.partners:
        dyads = []
        for q in dyad_qs:
            n, total_a = row.dyads.get(q["id"], (0, 0))
            dyads.append(
                str(round(100 * total_a / (n * SCALE)))
                if n >= SMALL
                else (SUPPRESSED if n else "–")
            )
        view.partner_lines.append(
            PartnerLine(
                row.partner.name(lang),
                sector_names.get(row.partner.sector, row.partner.sector),
                cell(row.stories, lang),
                cell(row.previous, lang),
                share(row.welsh, row.stories) if row.stories >= SMALL else "–",
                dyads,
            )
        )
    return view
