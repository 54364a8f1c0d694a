"""Typed SQLAlchemy 2 models, one module per concept."""

from app.models.curation import StoryFlag, StoryNote, StoryTag
from app.models.framework import FrameworkVersion
from app.models.partner import Partner
from app.models.rollup import RollupAnswer, RollupDay, RollupMonth
from app.models.story import Answer, Story
from app.models.timeline import TimelineEvent
from app.models.user import User

__all__ = [
    "Answer",
    "FrameworkVersion",
    "Partner",
    "RollupAnswer",
    "RollupDay",
    "RollupMonth",
    "Story",
    "StoryFlag",
    "StoryNote",
    "StoryTag",
    "TimelineEvent",
    "User",
]
