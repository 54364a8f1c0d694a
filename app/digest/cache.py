"""Finished digests on disk, keyed by scope, period, language and a fingerprint of the data.

Asking twice for the same digest reads a file; a new story in the period (or the period
before it) changes the fingerprint, so the next request renders afresh. Old files are
simply never asked for again; `prune` removes those past a given age.

The folder (instance/digests/ by default, DIGEST_CACHE_DIR to change it) is per server:
several app servers must share it (a network volume) or each keeps its own cache.
"""

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

# Bump when the digest's layout or rules change, so cached files from before are not served.
FORMAT = 1


def cache_key(scope: str, start: str, end: str, mode: str, fingerprint: str, version: int) -> str:
    body = json.dumps(
        [FORMAT, scope, start, end, mode, fingerprint, version], separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class DigestCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, pdf: bytes) -> Path:
        """Write atomically: a reader never sees half a file, two writers never clash."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(pdf)
            os.replace(tmp, self.path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return self.path(key)

    def prune(self, max_age_days: float = 30) -> int:
        """Remove digests not written for `max_age_days`; how many were removed."""
        cutoff = time.time() - max_age_days * 86_400
        removed = 0
        for path in self.root.glob("*.pdf"):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
