"""CSV and JSON exports: one row (or object) per story, honouring scope and filters, streamed.

Stories are read in batches of BATCH by id (keyset pagination), with their answers, so memory
stays flat however many stories there are.

CSV layout (the one SenseMaker practitioners' tools read): fixed story columns, then per
triad X, Y (unit-sided triangle, see app.charts.ternary.to_xy), the three corner percentages
(one decimal, summing to exactly 100.0 by the largest remainder method), N/A and zone; per dyad
X (0 = left pole, 1 = right pole), the two pole percentages and N/A; per stone item x and y
(0..1); one column per option of a multiple choice (1 ticked, 0 not); single choices and free
text as their label or text. Labels are in the language asked for.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from app.charts.ternary import to_xy, zone_corners, zone_of
from app.collect.geometry import largest_remainder
from app.explore.filters import Filters
from app.explore.overview import label
from app.explore.scope import stories_for
from app.extensions import db
from app.framework.loader import Framework
from app.models import Answer, FrameworkVersion, Partner, Story
from app.models.story import SCALE
from app.models.user import User

BATCH = 1_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headings(gettext: Callable[[str], str]) -> dict[str, str]:
    """The fixed words of the export, translated by the caller."""
    _ = gettext
    return {
        "id": _("Story ID"),
        "received": _("Received (UTC)"),
        "partner": _("Partner"),
        "language": _("Language told in"),
        "version": _("Framework version"),
        "prompt": _("Prompt"),
        "title": _("Title"),
        "text": _("Story"),
        "proxy": _("Recorded by a proxy"),
        "consent": _("Consent to quote"),
        "na": _("N/A"),
        "zone": _("zone"),
        "centre": _("centre"),
        "yes": _("yes"),
        "no": _("no"),
    }


def filename(lang: str, ext: str) -> str:
    return f"straeon-{datetime.now(UTC):%Y-%m-%d}-{lang}.{ext}"


def _batches(user: User, filters: Filters) -> Iterator[list[tuple[Story, dict[str, list[Answer]]]]]:
    scoped = stories_for(user, filters)
    last = 0
    while True:
        stories = list(
            db.session.execute(
                scoped.where(Story.id > last).order_by(Story.id).limit(BATCH)
            ).scalars()
        )
        if not stories:
            return
        last = stories[-1].id
        answers: dict[int, dict[str, list[Answer]]] = {s.id: {} for s in stories}
        for a in db.session.execute(
            select(Answer).where(Answer.story_id.in_(list(answers)))
        ).scalars():
            answers[a.story_id].setdefault(a.question_id, []).append(a)
        yield [(s, answers[s.id]) for s in stories]
        db.session.expunge_all()  # let the batch go: steady memory


def _lookups(lang: str) -> tuple[dict[int, str], dict[int, int]]:
    partners = {p.id: p.name(lang) for p in db.session.execute(select(Partner)).scalars()}
    versions = dict(db.session.execute(select(FrameworkVersion.id, FrameworkVersion.version)).all())
    return partners, versions


def _percent(values: list[int]) -> list[str]:
    """Percentages with one decimal that sum to exactly 100.0."""
    return [f"{tenths / 10:.1f}" for tenths in largest_remainder(values, 1000)]


def _columns(framework: Framework, lang: str, h: dict[str, str]) -> list[tuple[str, Callable]]:
    cols: list[tuple[str, Callable]] = []
    for q in framework.questions:
        qid, name, kind = q["id"], label(q["label"], lang), q["type"]
        if kind == "triad":
            corners = [label(c["label"], lang) for c in q["corners"]]
            cols += [
                (f"{name} X", lambda ans, qid=qid: _triad(ans, qid, "x")),
                (f"{name} Y", lambda ans, qid=qid: _triad(ans, qid, "y")),
            ]
            cols += [
                (f"{name}: {corner} (%)", lambda ans, qid=qid, i=i: _triad(ans, qid, i))
                for i, corner in enumerate(corners)
            ]
            cols.append((f"{name} {h['na']}", lambda ans, qid=qid: _na(ans, qid)))
            cols.append(
                (f"{name} {h['zone']}", lambda ans, qid=qid, c=corners: _zone(ans, qid, c, h))
            )
        elif kind == "dyad":
            cols += [
                (f"{name} X", lambda ans, qid=qid: _dyad(ans, qid, "x")),
                (f"{name}: {label(q['left'], lang)} (%)", lambda ans, qid=qid: _dyad(ans, qid, 0)),
                (f"{name}: {label(q['right'], lang)} (%)", lambda ans, qid=qid: _dyad(ans, qid, 1)),
                (f"{name} {h['na']}", lambda ans, qid=qid: _na(ans, qid)),
            ]
        elif kind == "stones":
            for item in q["items"]:
                item_name = f"{name}: {label(item['label'], lang)}"
                cols += [
                    (f"{item_name} x", lambda ans, qid=qid, i=item["id"]: _stone(ans, qid, i, "a")),
                    (f"{item_name} y", lambda ans, qid=qid, i=item["id"]: _stone(ans, qid, i, "b")),
                ]
        elif kind == "multiple":
            for o in q["options"]:
                cols.append(
                    (
                        f"{name}: {label(o['label'], lang)}",
                        lambda ans, qid=qid, o=o["id"]: _ticked(ans, qid, o),
                    )
                )
        elif kind == "single":
            options = {o["id"]: label(o["label"], lang) for o in q["options"]}
            cols.append((name, lambda ans, qid=qid, opts=options: _single(ans, qid, opts)))
        elif kind == "text":
            cols.append((name, lambda ans, qid=qid: _text(ans, qid)))
    return cols


def _placed(ans: dict[str, list[Answer]], qid: str) -> Answer | None:
    rows = ans.get(qid)
    return rows[0] if rows and not rows[0].is_na else None


def _na(ans, qid) -> str:
    rows = ans.get(qid)
    return "" if not rows else ("1" if rows[0].is_na else "0")


def _triad(ans, qid, part) -> str:
    a = _placed(ans, qid)
    if a is None:
        return ""
    if part in ("x", "y"):
        x, y = to_xy(a.a, a.b, a.c)
        return f"{x if part == 'x' else y:.4f}"
    return _percent([a.a, a.b, a.c])[part]


def _zone(ans, qid, corners, h) -> str:
    a = _placed(ans, qid)
    if a is None:
        return ""
    named = zone_corners(zone_of(a.a, a.b, a.c))
    return " + ".join(corners[i] for i in named) if named else h["centre"]


def _dyad(ans, qid, part) -> str:
    a = _placed(ans, qid)
    if a is None:
        return ""
    if part == "x":
        return f"{a.a / SCALE:.4f}"
    return _percent([SCALE - a.a, a.a])[part]


def _stone(ans, qid, item, attr) -> str:
    for row in ans.get(qid, []):
        if row.item_id == item and not row.is_na and getattr(row, attr) is not None:
            return f"{getattr(row, attr) / SCALE:.4f}"
    return ""


def _ticked(ans, qid, option) -> str:
    rows = ans.get(qid, [])
    return "1" if any(r.option_id == option for r in rows) else ("0" if rows else "")


def _single(ans, qid, options) -> str:
    rows = ans.get(qid)
    return options.get(rows[0].option_id, rows[0].option_id or "") if rows else ""


def _text(ans, qid) -> str:
    rows = ans.get(qid)
    return (rows[0].text or "") if rows else ""


def _safe(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_rows(
    user: User, filters: Filters, framework: Framework, lang: str, h: dict[str, str]
) -> Iterator[list[str]]:
    """The heading row, then one row per story (scoped and filtered)."""
    stories_for(user, filters)  # scope errors now, before the response starts
    partners, versions = _lookups(lang)
    prompt_q = framework.first_of_type("prompt")
    prompts = {o["id"]: label(o["label"], lang) for o in prompt_q["options"]} if prompt_q else {}
    cols = _columns(framework, lang, h)
    fixed = [
        "id",
        "received",
        "partner",
        "language",
        "version",
        "prompt",
        "title",
        "text",
        "proxy",
        "consent",
    ]
    heading = [h[k] for k in fixed] + [name for name, _fn in cols]

    def rows() -> Iterator[list[str]]:
        yield heading
        for batch in _batches(user, filters):
            for s, ans in batch:
                received = s.received_at.replace(tzinfo=s.received_at.tzinfo or UTC).astimezone(UTC)
                yield [
                    str(s.id),
                    received.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    partners.get(s.partner_id, ""),
                    s.language,
                    str(versions.get(s.framework_id, "")),
                    prompts.get(s.prompt_id or "", s.prompt_id or ""),
                    _safe(s.title),
                    _safe(s.text),
                    h["yes"] if s.is_proxy else h["no"],
                    h["yes"] if s.consent_quote else h["no"],
                ] + [_safe(fn(ans)) for _name, fn in cols]

    return rows()


def as_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text in chunks, with a byte-order mark so Excel reads the Welsh letters (ŵ, ŷ)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    for i, row in enumerate(rows, 1):
        writer.writerow(row)
        if i % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _story_json(
    s: Story, ans: dict[str, list[Answer]], framework: Framework, partners, versions
) -> dict:
    answers: dict[str, Any] = {}
    for q in framework.questions:
        rows = ans.get(q["id"])
        if not rows:
            continue
        if rows[0].is_na:
            answers[q["id"]] = {"na": True}
        elif q["type"] == "triad":
            r = rows[0]
            answers[q["id"]] = {
                "na": False,
                "shares": {
                    c["id"]: v / SCALE for c, v in zip(q["corners"], (r.a, r.b, r.c), strict=True)
                },
                "zone": zone_of(r.a, r.b, r.c),
            }
        elif q["type"] == "dyad":
            answers[q["id"]] = {"na": False, "position": rows[0].a / SCALE}
        elif q["type"] == "stones":
            answers[q["id"]] = {
                r.item_id: {"x": r.a / SCALE, "y": r.b / SCALE} for r in rows if not r.is_na
            }
        elif q["type"] == "single":
            answers[q["id"]] = rows[0].option_id
        elif q["type"] == "multiple":
            answers[q["id"]] = [r.option_id for r in rows]
        elif q["type"] == "text":
            answers[q["id"]] = rows[0].text
    received = s.received_at.replace(tzinfo=s.received_at.tzinfo or UTC).astimezone(UTC)
    return {
        "id": s.id,
        "received_at": received.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "partner": partners.get(s.partner_id, ""),
        "language": s.language,
        "framework_version": versions.get(s.framework_id),
        "prompt": s.prompt_id,
        "title": s.title,
        "text": s.text,
        "is_proxy": s.is_proxy,
        "consent_quote": s.consent_quote,
        "answers": answers,
    }


def as_json(user: User, filters: Filters, framework: Framework, lang: str) -> Iterator[str]:
    """{"framework": ..., "language": ..., "stories": [...]} streamed story by story."""
    stories_for(user, filters)
    partners = {p.id: p.slug for p in db.session.execute(select(Partner)).scalars()}
    _names, versions = _lookups(lang)
    head = {"framework": framework.slug, "language": lang, "filters": filters.args()}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "stories": ['

    def body() -> Iterator[str]:
        yield opening
        first = True
        for batch in _batches(user, filters):
            for s, ans in batch:
                yield ("" if first else ",") + json.dumps(
                    _story_json(s, ans, framework, partners, versions), ensure_ascii=False
                )
                first = False
        yield "]}"

    return body()
