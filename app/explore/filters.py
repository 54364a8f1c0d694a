"""Explorer filters: parsed from the query string, kept in it, shown as removable chips.

Every value is checked against what it may be (a date, a known partner, an option the
framework has...). Anything else raises BadFilter, which the view turns into a 400 page.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from app.charts.bars import DYAD_BINS
from app.charts.ternary import ZONES
from app.framework.loader import Framework
from app.models.curation import TAG_MAX

MAX_WORDS = 200
MAX_VALUES = 50  # repeated parameters beyond this are tampering, not a view
TELLERS = ("own", "proxy")
TOLD_IN = ("cy", "en")
FLAGGED = ("any", "partner", "partnership")  # flagged as significant: by anyone, or by one team


class BadFilter(ValueError):
    """A filter value that cannot be right (tampered, stale or junk)."""


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    partners: tuple[str, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()  # (choice question id, option id)
    prompts: tuple[str, ...] = ()  # prompt option ids (stored on the story itself)
    teller: str | None = None
    told_in: str | None = None
    version: int | None = None
    words: str = ""
    zone: tuple[str, str] | None = None  # (triad question id, zone id)
    dyad_bin: tuple[str, int] | None = None  # (dyad question id, bin)
    flagged: str | None = None  # one of FLAGGED
    tag: str = ""  # a tag label, matched in any case

    def args(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, in a stable order."""
        out: list[tuple[str, str]] = []
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        out += [("partner", slug) for slug in self.partners]
        out += [("answer", f"{q}:{o}") for q, o in self.answers]
        out += [("prompt", p) for p in self.prompts]
        if self.teller:
            out.append(("teller", self.teller))
        if self.told_in:
            out.append(("told", self.told_in))
        if self.version is not None:
            out.append(("version", str(self.version)))
        if self.words:
            out.append(("q", self.words))
        if self.zone:
            out.append(("zone", f"{self.zone[0]}:{self.zone[1]}"))
        if self.dyad_bin:
            out.append(("bin", f"{self.dyad_bin[0]}:{self.dyad_bin[1]}"))
        if self.flagged:
            out.append(("flagged", self.flagged))
        if self.tag:
            out.append(("tag", self.tag))
        return out

    def query(self, **extra: Any) -> str:
        pairs = self.args() + [(k, str(v)) for k, v in extra.items() if v is not None]
        return urlencode(pairs)

    def with_(self, **changes: Any) -> "Filters":
        return replace(self, **changes)

    @property
    def active(self) -> bool:
        return bool(self.args())


NO_FILTERS = Filters()


def _one(args, name: str) -> str | None:
    values = args.getlist(name)
    if len(values) > 1:
        raise BadFilter(name)
    value = values[0].strip() if values else ""
    return value or None


def _date(args, name: str) -> date | None:
    raw = _one(args, name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else _bad(name)
    except ValueError:
        _bad(name)


def _bad(name: str):
    raise BadFilter(name)


def _pair(raw: str, name: str) -> tuple[str, str]:
    question, sep, value = raw.partition(":")
    if not sep or not question or not value:
        raise BadFilter(name)
    return question, value


def _question(framework: Framework, qid: str, types: tuple[str, ...], name: str) -> dict:
    q = framework.by_id.get(qid)
    if q is None or q["type"] not in types:
        raise BadFilter(name)
    return q


def parse(args, framework: Framework, partner_slugs: set[str]) -> Filters:
    """Filters from a request's query arguments (a MultiDict)."""
    if any(len(args.getlist(k)) > MAX_VALUES for k in args):
        raise BadFilter("too many values")
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    partners = tuple(dict.fromkeys(s.strip() for s in args.getlist("partner") if s.strip()))
    if any(s not in partner_slugs for s in partners):
        raise BadFilter("partner")
    answers = []
    for raw in dict.fromkeys(v for v in args.getlist("answer") if v.strip()):
        qid, option = _pair(raw, "answer")
        q = _question(framework, qid, ("single", "multiple"), "answer")
        if option not in {o["id"] for o in q["options"]}:
            raise BadFilter("answer")
        answers.append((qid, option))
    prompt_q = framework.first_of_type("prompt")
    prompt_ids = {o["id"] for o in prompt_q["options"]} if prompt_q else set()
    prompts = tuple(dict.fromkeys(v for v in args.getlist("prompt") if v.strip()))
    if any(p not in prompt_ids for p in prompts):
        raise BadFilter("prompt")
    teller = _one(args, "teller")
    if teller is not None and teller not in TELLERS:
        raise BadFilter("teller")
    told_in = _one(args, "told")
    if told_in is not None and told_in not in TOLD_IN:
        raise BadFilter("told")
    raw_version = _one(args, "version")
    version = None
    if raw_version is not None:
        if not raw_version.isdigit() or len(raw_version) > 9:
            raise BadFilter("version")
        version = int(raw_version)
    words = " ".join((_one(args, "q") or "").split())
    if len(words) > MAX_WORDS:
        raise BadFilter("q")
    zone = None
    if raw := _one(args, "zone"):
        qid, zone_id = _pair(raw, "zone")
        _question(framework, qid, ("triad",), "zone")
        if zone_id not in ZONES:
            raise BadFilter("zone")
        zone = (qid, zone_id)
    dyad_bin = None
    if raw := _one(args, "bin"):
        qid, number = _pair(raw, "bin")
        _question(framework, qid, ("dyad",), "bin")
        if not number.isdigit() or int(number) >= DYAD_BINS:
            raise BadFilter("bin")
        dyad_bin = (qid, int(number))
    flagged = _one(args, "flagged")
    if flagged is not None and flagged not in FLAGGED:
        raise BadFilter("flagged")
    tag = " ".join((_one(args, "tag") or "").split())
    if len(tag) > TAG_MAX:
        raise BadFilter("tag")
    return Filters(
        date_from, date_to, partners, tuple(answers), prompts, teller, told_in, version, words, zone,
        dyad_bin, flagged, tag,
    )  # fmt: skip


@dataclass(frozen=True)
class Chip:
    """One active filter and the query string without it."""

    kind: str
    value: Any
    remove: str


def chips(filters: Filters) -> list[Chip]:
    out = []
    simple = {
        "from": "date_from",
        "to": "date_to",
        "teller": "teller",
        "told": "told_in",
        "version": "version",
        "q": "words",
        "zone": "zone",
        "bin": "dyad_bin",
        "flagged": "flagged",
        "tag": "tag",
    }
    for kind, attr in simple.items():
        value = getattr(filters, attr)
        if value not in (None, ""):
            out.append(
                Chip(
                    kind,
                    value,
                    filters.with_(**{attr: "" if kind in ("q", "tag") else None}).query(),
                )
            )
    for slug in filters.partners:
        rest = tuple(s for s in filters.partners if s != slug)
        out.append(Chip("partner", slug, filters.with_(partners=rest).query()))
    for prompt in filters.prompts:
        rest = tuple(p for p in filters.prompts if p != prompt)
        out.append(Chip("prompt", prompt, filters.with_(prompts=rest).query()))
    for pair in filters.answers:
        rest = tuple(p for p in filters.answers if p != pair)
        out.append(Chip("answer", pair, filters.with_(answers=rest).query()))
    return out
