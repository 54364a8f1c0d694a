"""Settings, read from environment variables; SQLite under instance/ by default."""

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def database_url(url: str | None = None) -> str:
    """DATABASE_URL (or `url`), with plain PostgreSQL URLs sent through psycopg 3."""
    url = url if url is not None else os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'straeon.sqlite'}"
    # Heroku-style and plain postgres URLs go through psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Big enough for a story far over the length limit, so it can be refused with a message
    # and handed back, rather than cut off by a 413 that loses what was typed.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "cy"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    WTF_CSRF_TIME_LIMIT = None  # a form may stay open for a long interview
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    FRAMEWORK_SLUG = "live-learning"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # A proxy recorder's phone may send a whole day's queue at once, from a shared address.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute;2000 per hour")
    API_MAX_BYTES = 256 * 1024
    # The explorer's independent chart queries run side by side on up to this many
    # connections per request (app/explore/concurrent.py); 1 runs them one after another.
    EXPLORE_QUERY_THREADS = int(os.environ.get("EXPLORE_QUERY_THREADS", "3"))
    # Complete months an explorer page may roll up while it waits (app/explore/rollup.py;
    # about 0.1 s a partner's month, 0.5 s all ten's, at 100,000 stories); the rest are read
    # raw until `flask explore rollup` or a later page builds them. 0: never.
    EXPLORE_ROLLUP_BUILD_PER_REQUEST = int(os.environ.get("EXPLORE_ROLLUP_BUILD_PER_REQUEST", "1"))
    # A filter the roll-ups cannot answer, matching at most this many stories, is read by the
    # stories' ids on PostgreSQL (app/explore/rollup_read.py, raw); beyond, by its conditions.
    EXPLORE_MAX_SCOPE_IDS = int(os.environ.get("EXPLORE_MAX_SCOPE_IDS", "200000"))
    # Stories an explorer page may give their story_chart row while it waits (about 0.1 s
    # for 2,000; app/explore/story_chart.py); the rest are read from the answer table until
    # a later page or `flask explore rollup` writes them. 0: never.
    EXPLORE_CHART_BUILD_PER_REQUEST = int(os.environ.get("EXPLORE_CHART_BUILD_PER_REQUEST", "2000"))
    # Cached PDF digests not written for this many days are removed (app/digest/cache.py).
    DIGEST_CACHE_MAX_AGE_DAYS = float(os.environ.get("DIGEST_CACHE_MAX_AGE_DAYS", "30"))
