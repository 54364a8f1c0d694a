"""Typed SQLAlchemy 2 models, one module per concept."""

from app.models.curation import StoryFlag, StoryNote, StoryTag
from app.models.framework import FrameworkVersion
from app.models.partner import Partner
from app.models.rollup import ChartKey, RollupAnswer, RollupDay, RollupMonth, StoryChart
from app.models.story import Answer, Story
from app.models.timeline import TimelineEvent
from app.models.user import User

__all__ = [
    "Answer",
    "ChartKey",
    "FrameworkVersion",
    "Partner",
    "RollupAnswer",
    "RollupDay",
    "RollupMonth",
    "Story",
    "StoryChart",
    "StoryFlag",
    "StoryNote",
    "StoryTag",
    "TimelineEvent",
    "User",
]
