"""The data every installation starts from: the default framework and the ten partners."""

from dataclasses import dataclass

from app.framework import DEFAULT_FRAMEWORK_FILE
from app.framework.loader import load_file
from app.framework.service import publish
from app.models import FrameworkVersion
from app.seed.partners import load_partners


@dataclass(frozen=True)
class Defaults:
    framework: FrameworkVersion
    framework_created: bool
    partners_created: int
    partners_updated: int


def load_defaults() -> Defaults:
    """Publish the default framework (if it changed) and create or refresh the partners."""
    row, created = publish(load_file(DEFAULT_FRAMEWORK_FILE))
    made, updated = load_partners()
    return Defaults(row, created, made, updated)
