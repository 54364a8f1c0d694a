"""The files the service worker precaches, and a version that changes when any of them does."""

import hashlib
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
# What the story form needs offline. The PNG icons are only fetched by the browser when
# installing; the analysts' stylesheets are not needed in the field.
PRECACHE_DIRS = ("js",)
PRECACHE_EXTRA = ("css/main.css", "css/widgets.css", "icons/icon.svg")


@cache
def precache_files() -> tuple[str, ...]:
    """Static paths (relative to static/) the form needs offline, in a stable order."""
    files = []
    for folder in PRECACHE_DIRS:
        for path in sorted((STATIC / folder).rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files.append(path.relative_to(STATIC).as_posix())
    return (*files, *PRECACHE_EXTRA)


@cache
def release(extra: str = "") -> str:
    """A short hash of every precached file and the worker itself: a new release, new caches."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for name in (*precache_files(), "sw.js"):
        digest.update(name.encode("utf-8"))
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:12]
