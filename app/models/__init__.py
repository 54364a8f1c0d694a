"""Typed SQLAlchemy 2 models, one module per concept."""

from app.models.framework import FrameworkVersion
from app.models.partner import Partner
from app.models.story import Answer, Story

__all__ = ["Answer", "FrameworkVersion", "Partner", "Story"]
