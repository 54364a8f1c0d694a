"""The story list and a story's answers, drawn small. Always through stories_for."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.charts.bars import dyad_bin
from app.charts.stones import stone_xy
from app.charts.ternary import Frame, zone_of
from app.explore.filters import Filters
from app.explore.overview import label
from app.explore.scope import stories_for, story_for
from app.extensions import db
from app.framework.loader import Framework
from app.models import Answer, Story
from app.models.user import User

PER_PAGE = 25
MAX_PAGE = 100_000
EXCERPT = 240


class PageOutOfRange(ValueError):
    """A page number that is not a positive whole number within MAX_PAGE."""


def parse_page(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= MAX_PAGE:
        raise PageOutOfRange(raw)
    return int(raw)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class StoryPage:
    stories: list[Story]
    total: int
    page: int
    pages: int


def list_stories(user: User, filters: Filters, page: int = 1) -> StoryPage:
    """Newest first, PER_PAGE a page; a page past the end is simply empty."""
    scoped = stories_for(user, filters)
    total = db.session.execute(
        scoped.with_only_columns(func.count(Story.id)).order_by(None)
    ).scalar_one()
    stories = list(
        db.session.execute(
            scoped.options(joinedload(Story.partner))
            .order_by(Story.received_at.desc(), Story.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        ).scalars()
    )
    return StoryPage(stories, total, page, max(1, -(-total // PER_PAGE)))


@dataclass
class Drawn:
    """One answer, ready to draw small."""

    question: dict[str, Any]
    title: str
    kind: str
    na: bool = False
    value: Any = None


def story_detail(
    user: User, story_id: int, framework: Framework, lang: str
) -> tuple[Story, list[Drawn]]:
    """A story the user may see (else OutOfScope) and its answers in framework order."""
    story = story_for(user, story_id)
    answers = list(db.session.execute(select(Answer).where(Answer.story_id == story.id)).scalars())
    by_question: dict[str, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    drawn: list[Drawn] = []
    small = Frame(side=120, left=10, top=8)
    for q in framework.questions:
        rows = by_question.get(q["id"], [])
        title = label(q["label"], lang)
        if q["type"] == "prompt" and story.prompt_id:
            option = next((o for o in q["options"] if o["id"] == story.prompt_id), None)
            drawn.append(
                Drawn(q, title, "choice", value=[label(option["label"], lang)] if option else [])
            )
        if not rows:
            continue
        first = rows[0]
        if first.is_na:
            drawn.append(Drawn(q, title, q["type"], na=True))
        elif q["type"] == "triad":
            shares = (first.a, first.b, first.c)
            value = {
                "frame": small,
                "point": small.point(*shares),
                "shares": [s / 100 for s in shares],
                "corners": [label(c["label"], lang) for c in q["corners"]],
                "zone": zone_of(*shares),
            }
            drawn.append(Drawn(q, title, "triad", value=value))
        elif q["type"] == "dyad":
            value = {
                "percent": first.a / 100,
                "bin": dyad_bin(first.a),
                "left": label(q["left"], lang),
                "right": label(q["right"], lang),
            }
            drawn.append(Drawn(q, title, "dyad", value=value))
        elif q["type"] == "stones":
            items = {i["id"]: label(i["label"], lang) for i in q["items"]}
            placed = [
                {
                    "label": items.get(r.item_id, r.item_id),
                    "xy": stone_xy(r.a, r.b, 120, 6),
                    "x": r.a / 100,
                    "y": r.b / 100,
                }
                for r in rows
                if not r.is_na and r.a is not None
            ]
            drawn.append(Drawn(q, title, "stones", value=placed))
        elif q["type"] in ("single", "multiple"):
            options = {o["id"]: label(o["label"], lang) for o in q["options"]}
            drawn.append(
                Drawn(
                    q, title, "choice", value=[options.get(r.option_id, r.option_id) for r in rows]
                )
            )
        elif q["type"] == "text":
            drawn.append(Drawn(q, title, "text", value=first.text))
    return story, drawn
