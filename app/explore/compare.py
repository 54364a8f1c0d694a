"""Compare two groups of stories side by side, with an honest test of each difference. No Flask.

Groups are the explorer's filters plus one split: own experience vs recorded by a proxy, told
in Welsh vs English, before vs from a date (a timeline event's), or one set of partners vs
another (partnership role; a sector is the set of its partners). Counts, zone counts, means and
bins all come from SQL aggregates, so a comparison costs a fixed handful of queries.

The test is Pearson's chi-square test of homogeneity on the two groups' counts: over the
seven zones for a triad, over five bands of 20% for a dyad. It uses every story (no
sampling). With several questions tested at once, one of them will look "different" by chance
now and then, so a difference counts as more than noise only when p is below 0.05 divided by
the number of questions tested (Bonferroni). When too few stories are expected in some zones
for the test to hold (Cochran's rule), the page says so instead of guessing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from app.charts.bars import DYAD_BINS
from app.charts.ternary import ZONES, TernaryChart, ternary_chart
from app.explore import aggregate, rollup_read
from app.explore.concurrent import gather
from app.explore.filters import BadFilter, Filters
from app.explore.overview import label
from app.explore.scope import stories_for
from app.explore.stats import ChiSquare, chi_square
from app.framework.loader import Framework
from app.models.story import SCALE
from app.models.user import User

SPLITS = ("teller", "told", "date", "partner")
ALPHA = 0.05
DYAD_BANDS = 5  # 20% each: ten bins merged in pairs, so fewer cells are nearly empty


@dataclass(frozen=True)
class CompareQuery:
    by: str
    at: date | None = None
    first: tuple[str, ...] = ()  # partners of group A (by == "partner")
    second: tuple[str, ...] = ()

    def args(self) -> list[tuple[str, str]]:
        out = [("by", self.by)]
        if self.at:
            out.append(("at", self.at.isoformat()))
        out += [("a", s) for s in self.first] + [("b", s) for s in self.second]
        return out


@dataclass
class Group:
    key: str  # "a" or "b"
    kind: str  # how the template names it: own, proxy, cy, en, before, after, partners
    filters: Filters
    total: int = 0
    partners: tuple[str, ...] = ()


@dataclass
class Verdict:
    test: ChiSquare | None
    outcome: str  # "different" | "noise" | "too_few" | "empty"


@dataclass
class TriadComparison:
    question: dict
    title: str
    corner_labels: list[str]
    charts: tuple[TernaryChart, TernaryChart]
    verdict: Verdict


@dataclass
class DyadComparison:
    question: dict
    title: str
    left: str
    right: str
    placed: tuple[int, int]
    means: tuple[float | None, float | None]  # 0 = left pole, 100 = right pole
    bands: tuple[list[int], list[int]]
    verdict: Verdict


@dataclass
class Comparison:
    query: CompareQuery
    groups: tuple[Group, Group]
    triads: list[TriadComparison] = field(default_factory=list)
    dyads: list[DyadComparison] = field(default_factory=list)
    tests: int = 0

    @property
    def threshold(self) -> float:
        return ALPHA / max(self.tests, 1)


def parse_compare(args, partner_slugs: set[str]) -> CompareQuery | None:
    """The split from the query string; None when none is chosen yet. Junk is BadFilter."""
    by = (args.get("by") or "").strip()
    if not by:
        return None
    if by not in SPLITS:
        raise BadFilter("by")
    at = None
    if by == "date":
        raw = (args.get("at") or "").strip()
        try:
            at = date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            at = None
        if at is None:
            raise BadFilter("at")
    first = second = ()
    if by == "partner":
        first = tuple(dict.fromkeys(s for s in args.getlist("a") if s))
        second = tuple(dict.fromkeys(s for s in args.getlist("b") if s))
        if not first or not second:
            raise BadFilter("a")
        if any(s not in partner_slugs for s in first + second) or len(first + second) > 50:
            raise BadFilter("a")
    return CompareQuery(by, at, first, second)


def groups_for(base: Filters, q: CompareQuery) -> tuple[Group, Group]:
    if q.by == "teller":
        return Group("a", "own", base.with_(teller="own")), Group(
            "b", "proxy", base.with_(teller="proxy")
        )
    if q.by == "told":
        return Group("a", "cy", base.with_(told_in="cy")), Group(
            "b", "en", base.with_(told_in="en")
        )
    if q.by == "date":
        assert q.at is not None
        before = q.at - timedelta(days=1)
        end = min(base.date_to, before) if base.date_to else before
        start = max(base.date_from, q.at) if base.date_from else q.at
        return Group("a", "before", base.with_(date_to=end)), Group(
            "b", "after", base.with_(date_from=start)
        )
    return (
        Group("a", "partners", base.with_(partners=q.first), partners=q.first),
        Group("b", "partners", base.with_(partners=q.second), partners=q.second),
    )


def _empty_range(f: Filters) -> bool:
    return bool(f.date_from and f.date_to and f.date_from > f.date_to)


def _verdict(test: ChiSquare | None) -> Verdict:
    if test is None:
        return Verdict(None, "empty")
    return Verdict(test, "too_few" if not test.valid else "pending")


def compare(
    user: User, base: Filters, q: CompareQuery, framework: Framework, lang: str
) -> Comparison:
    groups = groups_for(base, q)
    calls = {}
    for i, group in enumerate(groups):
        if _empty_range(group.filters):  # e.g. "before" a date earlier than the range
            continue
        # A group of partners, dates, tellers or languages reads complete months rolled up.
        parts = rollup_read.split(stories_for(user, group.filters), group.filters)
        calls[("triads", i)] = partial(rollup_read.triad_zones, parts)
        calls[("dyads", i)] = partial(rollup_read.dyads, parts)
        calls[("total", i)] = partial(rollup_read.count, parts)
    found = gather(calls)  # both groups' queries side by side
    triads = [found.get(("triads", i), {}) for i in range(len(groups))]
    dyads = [found.get(("dyads", i), {}) for i in range(len(groups))]
    for i, group in enumerate(groups):
        group.total = found.get(("total", i), group.total)
    result = Comparison(q, groups)
    for question in framework.questions:
        title = label(question["label"], lang)
        if question["type"] == "triad":
            corners = [label(c["label"], lang) for c in question["corners"]]
            data = [t.get(question["id"], aggregate.TriadData()) for t in triads]
            charts = tuple(ternary_chart(corners, d.zones, tuple(d.sums)) for d in data)
            counts = [[d.zones.get(z, 0) for z in ZONES] for d in data]
            verdict = _verdict(chi_square(counts[0], counts[1]))
            result.triads.append(TriadComparison(question, title, corners, charts, verdict))
        elif question["type"] == "dyad":
            data = [d.get(question["id"], aggregate.DyadData()) for d in dyads]
            per = DYAD_BINS // DYAD_BANDS
            bands = tuple(
                [sum(d.bins.get(i * per + j, 0) for j in range(per)) for i in range(DYAD_BANDS)]
                for d in data
            )
            placed = tuple(sum(d.bins.values()) for d in data)
            means = tuple(
                round(100 * d.total_a / (n * SCALE), 1) if n else None
                for d, n in zip(data, placed, strict=True)
            )
            verdict = _verdict(chi_square(bands[0], bands[1]))
            result.dyads.append(
                DyadComparison(
                    question,
                    title,
                    label(question["left"], lang),
                    label(question["right"], lang),
                    placed,
                    means,
                    bands,
                    verdict,
                )  # fmt: skip
            )
    verdicts = [c.verdict for c in (*result.triads, *result.dyads)]
    result.tests = sum(v.outcome == "pending" for v in verdicts)
    for v in verdicts:
        if v.outcome == "pending":
            v.outcome = "different" if v.test.p_value < result.threshold else "noise"
    return result
