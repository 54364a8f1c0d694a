"""Signification frameworks: data files, validated on load, published as immutable versions."""

from pathlib import Path

DEFAULT_FRAMEWORK_FILE = Path(__file__).resolve().parent / "live-learning.json"
