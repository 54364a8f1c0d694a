"""Finished digests on disk, keyed by scope, period, language and a fingerprint of the data.

Asking twice for the same digest reads a file; a new story in the period (or the period
before it) changes the fingerprint, so the next request renders afresh. Old files are
simply never asked for again: every `put` prunes the digests not written for `max_age_days`
(DIGEST_CACHE_MAX_AGE_DAYS, 30 by default), so the folder cannot grow without end and no
cron job is needed.

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
    def __init__(self, root: Path, max_age_days: float = 30):
        self.root = Path(root)
        self.max_age_days = max_age_days

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
        self.prune()
        return self.path(key)

    def prune(self, max_age_days: float | None = None) -> int:
        """Remove digests (and a crashed writer's .part files) older than `max_age_days`.

        How many files were removed. Another server pruning the same shared folder at the
        same moment is harmless: a file already gone is skipped.
        """
        age = self.max_age_days if max_age_days is None else max_age_days
        cutoff = time.time() - age * 86_400
        removed = 0
        for path in [*self.root.glob("*.pdf"), *self.root.glob("*.part")]:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed
