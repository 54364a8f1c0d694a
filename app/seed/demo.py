"""Synthetic demo stories: realistic enough for demos and benchmarks, written in bulk."""

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from app.collect.geometry import largest_remainder
from app.collect.submission import AnswerValue, Submission
from app.extensions import db
from app.framework.loader import Framework
from app.models import Answer, Partner, Story
from app.models.story import SCALE

TEXTS_FILE = Path(__file__).resolve().parent / "demo_stories.json"
BATCH = 2_000


def _triad(rng: random.Random) -> tuple[int, int, int]:
    # A Dirichlet draw with a random concentration spreads points over the whole triangle:
    # small alpha pushes them to corners and edges, large alpha to the centre.
    alpha = rng.choice((0.3, 0.7, 1.0, 2.5))
    weights = [rng.gammavariate(alpha, 1.0) + 1e-9 for _ in range(3)]
    a, b, c = largest_remainder(weights, SCALE)
    return a, b, c


def _answers(
    framework: Framework, rng: random.Random, proxy: bool, consent: bool
) -> list[AnswerValue]:
    out: list[AnswerValue] = []
    for q in framework.questions:
        qid, qtype = q["id"], q["type"]
        if qtype in ("triad", "dyad") and q.get("allow_na") and rng.random() < 0.06:
            out.append(AnswerValue(qid, qtype, is_na=True))
        elif qtype == "triad":
            a, b, c = _triad(rng)
            out.append(AnswerValue(qid, "triad", a=a, b=b, c=c))
        elif qtype == "dyad":
            value = min(SCALE, max(0, int(rng.betavariate(2, 2) * SCALE)))
            out.append(AnswerValue(qid, "dyad", a=value))
        elif qtype == "stones":
            for item in q["items"]:
                if rng.random() < 0.75:
                    x, y = rng.randint(0, SCALE), rng.randint(0, SCALE)
                    out.append(AnswerValue(qid, "stone", item_id=item["id"], a=x, b=y))
        elif qtype == "single":
            options = q["options"]
            if q.get("role") == "proxy":
                want = "proxy" if proxy else "own"
                option = next(o for o in options if o.get("means") == want)
            elif q.get("role") == "consent":
                want = "consent" if consent else "no_consent"
                option = next(o for o in options if o.get("means") == want)
            elif rng.random() < 0.1:
                continue  # skipped
            else:
                option = rng.choice(options)
            out.append(AnswerValue(qid, "choice", option_id=option["id"]))
        elif qtype == "multiple":
            k = rng.randint(max(1, q.get("min", 1)), min(3, q.get("max", 3)))
            for option in rng.sample(q["options"], k):
                out.append(AnswerValue(qid, "choice", item_id=option["id"], option_id=option["id"]))
    return out


def seed_demo(
    framework: Framework, count: int, seed: int = 2026, now: datetime | None = None
) -> int:
    """Write `count` synthetic stories across the partners over the last 12 months."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    texts = json.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    partners = list(db.session.execute(select(Partner.id, Partner.slug)).all())
    if not partners:
        raise RuntimeError("load the partners first")
    prompt = framework.first_of_type("prompt")
    next_story = (db.session.execute(select(func.max(Story.id))).scalar() or 0) + 1
    stories: list[dict] = []
    answers: list[dict] = []
    for i in range(count):
        lang = "cy" if rng.random() < 0.4 else "en"
        sample = rng.choice(texts[lang])
        proxy, consent = rng.random() < 0.25, rng.random() < 0.7
        partner_id, slug = rng.choice(partners)
        received = now - timedelta(seconds=rng.randint(0, 365 * 24 * 3600))
        started = received - timedelta(minutes=rng.randint(4, 40))
        sub = Submission(
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            framework=framework,
            language=lang,
            text=sample["text"],
            title=sample["title"],
            prompt_id=rng.choice(prompt["options"])["id"] if prompt else None,
            is_proxy=proxy,
            consent_quote=consent,
            started_at=started,
            completed_at=received - timedelta(seconds=rng.randint(0, 120)),
            answers=_answers(framework, rng, proxy, consent),
        )
        story_id = next_story + i
        stories.append(
            {
                "id": story_id,
                "client_id": sub.client_id,
                "partner_id": partner_id,
                "framework_id": framework.db_id,
                "language": lang,
                "prompt_id": sub.prompt_id,
                "title": sub.title,
                "text": sub.text,
                "is_proxy": proxy,
                "consent_quote": consent,
                "started_at": started,
                "completed_at": sub.completed_at,
                "received_at": received,
                "content_hash": sub.content_hash(slug),
            }
        )
        answers.extend({"story_id": story_id, **vars(a)} for a in sub.answers)
        if len(stories) >= BATCH:
            _flush(stories, answers)
    _flush(stories, answers)
    if db.engine.dialect.name == "postgresql":
        for table in ("story", "answer"):
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            )
    db.session.commit()
    return count


def _flush(stories: list[dict], answers: list[dict]) -> None:
    # Core inserts: one executemany per table (the ORM's bulk path splits rows by NULL pattern).
    if stories:
        db.session.execute(Story.__table__.insert(), stories)
        db.session.execute(Answer.__table__.insert(), answers)
    stories.clear()
    answers.clear()
