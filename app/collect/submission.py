"""Validate a story submission against its framework: one code path for the HTML form and the API.

The input is plain data (see `RawSubmission`); the output is either a `Submission` ready to
store or a list of `Problem`s, each naming the question it belongs to. Messages are msgids,
translated by the caller, so the same problems can be shown in Welsh and English.
"""

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.collect.geometry import parse_percent, to_scale, triad_shares
from app.framework.loader import Framework
from app.problems import N_


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - plural "translate later"
    return singular, plural


# C0 controls except tab, LF and CR; DEL; C1 controls. NUL would also break PostgreSQL.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORM = "_form"
CLOCK_SKEW = timedelta(days=2)


@dataclass(frozen=True)
class Problem:
    """What is wrong, and with which question (FORM for the whole form)."""

    key: str
    message: str | tuple[str, str]
    n: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, gettext, ngettext) -> str:
        if isinstance(self.message, tuple):
            return ngettext(*self.message, self.n, **self.params)
        return gettext(self.message, **self.params)


@dataclass(frozen=True)
class AnswerValue:
    question_id: str
    kind: str
    item_id: str = ""
    a: int | None = None
    b: int | None = None
    c: int | None = None
    option_id: str | None = None
    text: str | None = None
    is_na: bool = False


@dataclass
class Submission:
    client_id: uuid.UUID
    framework: Framework
    language: str
    text: str
    title: str | None = None
    prompt_id: str | None = None
    is_proxy: bool = False
    consent_quote: bool = False
    started_at: datetime | None = None
    completed_at: datetime | None = None
    answers: list[AnswerValue] = field(default_factory=list)
    controls_removed: int = 0

    def content_hash(self, partner_slug: str) -> str:
        """A fingerprint of what was said, so a resend can be told from a different story."""
        body = {
            "partner": partner_slug,
            "framework": [self.framework.slug, self.framework.version],
            "language": self.language,
            "prompt": self.prompt_id,
            "title": self.title,
            "text": self.text,
            "answers": sorted(
                [a.question_id, a.item_id, a.kind, a.a, a.b, a.c, a.option_id, a.text, a.is_na]
                for a in self.answers
            ),
        }
        raw = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass
class RawSubmission:
    """What arrived: answers keyed by question id, in the shapes the API documents."""

    client_id: Any
    language: str
    answers: dict[str, Any]
    started_at: Any = None
    completed_at: Any = None


def _clean_text(raw: Any) -> tuple[str, int]:
    if raw is None:
        return "", 0
    if not isinstance(raw, str):
        raw = str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else ""
    cleaned, removed = CONTROL_CHARS.subn("", raw)
    return cleaned, removed


def _parse_time(raw: Any, now: datetime) -> datetime | None:
    """A device timestamp, or None if it is junk or implausibly far in the future."""
    if not isinstance(raw, str) or not raw or len(raw) > 40:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if value > now + CLOCK_SKEW or value.year < 2000:
        return None
    return value


def _option_ids(question: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in question.get("options", [])}


class _Checker:
    """Walks the framework's questions, collecting answers and problems."""

    def __init__(self, framework: Framework, raw: RawSubmission):
        self.framework = framework
        self.raw = raw
        self.problems: list[Problem] = []
        self.answers: list[AnswerValue] = []
        self.controls_removed = 0
        self.fields: dict[str, Any] = {}

    def problem(self, q: dict[str, Any], message: str, **kw: Any) -> None:
        self.problems.append(Problem(q["id"], message, **kw))

    def text(self, q: dict[str, Any], value: Any) -> str | None:
        text, removed = _clean_text(value)
        self.controls_removed += removed
        if not text.strip():
            if q.get("required") or q["type"] == "story":
                if q["type"] == "story":
                    self.problem(q, N_("Please tell your story. It cannot be left empty."))
                else:
                    self.problem(q, N_("Please answer this question."))
            return None
        limit = q["max_length"]
        if len(text) > limit:
            self.problem(
                q,
                Nn_(
                    "This is %(length)s characters long. Please shorten it to %(count)s character or fewer.",
                    "This is %(length)s characters long. Please shorten it to %(count)s characters or fewer.",
                ),
                n=limit,
                params={"length": f"{len(text):,}", "count": f"{limit:,}"},
            )
            return None
        return text

    def choice(self, q: dict[str, Any], value: Any) -> str | None:
        if value in (None, "", []):
            if q.get("required"):
                self.problem(q, N_("Please choose an answer."))
            return None
        if not isinstance(value, str) or value not in _option_ids(q):
            self.problem(q, N_("That answer is not one of the options. Please choose again."))
            return None
        return value

    def check(self) -> None:
        for q in self.framework.questions:
            value = self.raw.answers.get(q["id"])
            getattr(self, "q_" + q["type"])(q, value)

    def q_prompt(self, q: dict[str, Any], value: Any) -> None:
        self.fields["prompt_id"] = self.choice(q, value)

    def q_story(self, q: dict[str, Any], value: Any) -> None:
        self.fields["text"] = self.text(q, value)

    def q_title(self, q: dict[str, Any], value: Any) -> None:
        title = self.text(q, value)
        self.fields["title"] = title.strip() if title else None

    def q_text(self, q: dict[str, Any], value: Any) -> None:
        text = self.text(q, value)
        if text is not None:
            self.answers.append(AnswerValue(q["id"], "text", text=text))

    def q_single(self, q: dict[str, Any], value: Any) -> None:
        option = self.choice(q, value)
        if option is None:
            return
        self.answers.append(AnswerValue(q["id"], "choice", option_id=option))
        means = _option_ids(q)[option].get("means")
        if q.get("role") == "proxy":
            self.fields["is_proxy"] = means == "proxy"
        elif q.get("role") == "consent":
            self.fields["consent_quote"] = means == "consent"

    def q_multiple(self, q: dict[str, Any], value: Any) -> None:
        if value in (None, ""):
            value = []
        if isinstance(value, str):
            value = [value]
        options = _option_ids(q)
        if not isinstance(value, list) or any(
            not isinstance(v, str) or v not in options for v in value
        ):
            self.problem(q, N_("That answer is not one of the options. Please choose again."))
            return
        chosen = [o for o in options if o in set(value)]  # framework order, no duplicates
        low, high = q.get("min", 0), q.get("max", len(options))
        if not chosen and not q.get("required"):
            return
        if len(chosen) < max(low, 1 if q.get("required") else 0):
            n = max(low, 1)
            self.problem(
                q,
                Nn_("Choose at least %(count)s answer.", "Choose at least %(count)s answers."),
                n=n,
                params={"count": n},
            )
            return
        if len(chosen) > high:
            self.problem(
                q,
                Nn_(
                    "Choose no more than %(count)s answer.",
                    "Choose no more than %(count)s answers.",
                ),
                n=high,
                params={"count": high},
            )
            return
        for option in chosen:
            self.answers.append(AnswerValue(q["id"], "choice", item_id=option, option_id=option))

    def _na(self, q: dict[str, Any], value: dict[str, Any]) -> bool | None:
        """True if N/A was chosen; None (with a problem) if N/A is chosen and not allowed."""
        na = value.get("na") in (True, "1", "on", "true", "yes")
        if na and not q.get("allow_na"):
            self.problem(q, N_("'Not applicable' is not an answer to this question."))
            return None
        return na

    def q_triad(self, q: dict[str, Any], value: Any) -> None:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.problem(q, N_("Enter a number from 0 to 100 for each of the three."))
            return
        na = self._na(q, value)
        if na is None:
            return
        raw = value.get("values")
        raw = list(raw) if isinstance(raw, list | tuple) else []
        given = [r for r in raw if r not in (None, "")]
        if na:
            if given:
                self.problem(q, N_("Either place the dot or choose 'Not applicable', not both."))
                return
            self.answers.append(AnswerValue(q["id"], "triad", is_na=True))
            return
        if not given:
            if q.get("required"):
                self.problem(q, N_("Please answer this question."))
            return
        numbers = [parse_percent(r) for r in raw] if len(raw) == 3 else [None]
        if any(n is None for n in numbers):
            self.problem(q, N_("Enter a number from 0 to 100 for each of the three."))
            return
        if sum(numbers) <= 0:
            self.problem(
                q, N_("At least one of the three must be more than 0, or choose 'Not applicable'.")
            )
            return
        a, b, c = triad_shares(*numbers)
        self.answers.append(AnswerValue(q["id"], "triad", a=a, b=b, c=c))

    def q_dyad(self, q: dict[str, Any], value: Any) -> None:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            value = {"value": value}
        na = self._na(q, value)
        if na is None:
            return
        raw = value.get("value")
        if na:
            if raw not in (None, ""):
                self.problem(q, N_("Either place the dot or choose 'Not applicable', not both."))
                return
            self.answers.append(AnswerValue(q["id"], "dyad", is_na=True))
            return
        if raw in (None, ""):
            if q.get("required"):
                self.problem(q, N_("Please answer this question."))
            return
        number = parse_percent(raw)
        if number is None:
            self.problem(q, N_("Enter a number from 0 to 100."))
            return
        self.answers.append(AnswerValue(q["id"], "dyad", a=to_scale(number)))

    def q_stones(self, q: dict[str, Any], value: Any) -> None:
        if value is None:
            value = {}
        items = value.get("items") if isinstance(value, dict) else None
        if items is None:
            items = {}
        if not isinstance(items, dict):
            self.problem(q, N_("Enter positions from 0 to 100."))
            return
        known = {i["id"]: i for i in q["items"]}
        if set(items) - set(known):
            self.problem(q, N_("That answer is not one of the options. Please choose again."))
            return
        placed = []
        for item_id, item in known.items():
            pos = items.get(item_id) or {}
            if not isinstance(pos, dict):
                pos = {}
            x_raw, y_raw = pos.get("x"), pos.get("y")
            if x_raw in (None, "") and y_raw in (None, ""):
                continue  # left off the canvas
            x, y = parse_percent(x_raw), parse_percent(y_raw)
            if x is None or y is None:
                self.problems.append(
                    Problem(
                        q["id"],
                        N_(
                            "Enter both positions for “%(item)s”, from 0 to 100, or leave both empty."
                        ),
                        params={
                            "item": item["label"].get(self.raw.language) or item["label"]["en"]
                        },
                    )
                )
                return
            placed.append(
                AnswerValue(q["id"], "stone", item_id=item_id, a=to_scale(x), b=to_scale(y))
            )
        if not placed and q.get("required"):
            self.problem(q, N_("Please answer this question."))
        self.answers.extend(placed)


def validate(
    framework: Framework, raw: RawSubmission, now: datetime | None = None
) -> Submission | list[Problem]:
    """A Submission if every answer is acceptable, else every problem found."""
    now = now or datetime.now(UTC)
    checker = _Checker(framework, raw)
    problems = checker.problems
    try:
        client_id = uuid.UUID(str(raw.client_id)) if raw.client_id else None
    except ValueError:
        client_id = None
    if client_id is None:
        problems.append(Problem(FORM, N_("This form could not be read. Please send it again.")))
    if raw.language not in ("cy", "en"):
        problems.append(Problem(FORM, N_("This form could not be read. Please send it again.")))
    if not isinstance(raw.answers, dict):
        problems.append(Problem(FORM, N_("This form could not be read. Please send it again.")))
        return problems
    unknown = set(raw.answers) - set(framework.by_id)
    if unknown:
        problems.append(Problem(FORM, N_("This form could not be read. Please send it again.")))
    checker.check()
    if problems:
        return problems
    fields = checker.fields
    return Submission(
        client_id=client_id,
        framework=framework,
        language=raw.language,
        text=fields["text"],
        title=fields.get("title"),
        prompt_id=fields.get("prompt_id"),
        is_proxy=fields.get("is_proxy", False),
        consent_quote=fields.get("consent_quote", False),
        started_at=_parse_time(raw.started_at, now),
        completed_at=_parse_time(raw.completed_at, now),
        answers=checker.answers,
        controls_removed=checker.controls_removed,
    )
