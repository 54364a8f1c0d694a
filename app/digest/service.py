"""Getting a digest: scope, period, cache, and (only on a miss) the SQL and the rendering.

No Flask here: the caller passes the renderer (app.digest.render) and the cache.
"""

from collections.abc import Callable
from dataclasses import dataclass

from app.digest import data as digest_data
from app.digest.cache import DigestCache, cache_key
from app.digest.data import DigestData, Scope
from app.digest.period import Period
from app.framework.loader import Framework
from app.models.user import User

Renderer = Callable[[DigestData, Framework, str], bytes]


@dataclass
class Digest:
    pdf: bytes
    filename: str
    cached: bool
    scope: Scope
    period: Period


def filename(scope: Scope, period: Period, mode: str) -> str:
    return f"straeon-digest-{scope.slug}-{period.start}-{period.end}-{mode}.pdf"


def get_digest(
    user: User,
    partner_slug: str | None,
    period: Period,
    mode: str,
    framework: Framework,
    render: Renderer,
    cache: DigestCache,
) -> Digest:
    """The digest, from the cache when the data has not changed (OutOfScope if not theirs)."""
    scope = digest_data.resolve_scope(user, partner_slug)
    print_ = digest_data.fingerprint(user, scope, period)
    key = cache_key(
        scope.slug, period.start.isoformat(), period.end.isoformat(), mode, print_,
        framework.version,
    )  # fmt: skip
    name = filename(scope, period, mode)
    if (pdf := cache.get(key)) is not None:
        return Digest(pdf, name, True, scope, period)
    pdf = render(digest_data.collect(user, scope, period), framework, mode)
    cache.put(key, pdf)
    return Digest(pdf, name, False, scope, period)
