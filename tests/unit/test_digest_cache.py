"""The digest cache on disk: atomic writes, and old files pruned without a cron job."""

import os
import time

from app.digest.cache import DigestCache

DAY = 86_400


def _age(path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_a_put_prunes_digests_older_than_the_limit(tmp_path):
    cache = DigestCache(tmp_path, max_age_days=30)
    old = cache.put("old", b"%PDF old")
    recent = cache.put("recent", b"%PDF recent")
    crashed = tmp_path / "left-by-a-crash.part"
    crashed.write_bytes(b"%PDF half")
    _age(old, 31)
    _age(recent, 29)
    _age(crashed, 31)
    cache.put("new", b"%PDF new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.pdf", "recent.pdf"]
    assert cache.get("recent") == b"%PDF recent"
    assert cache.get("old") is None


def test_prune_counts_what_it_removed_and_takes_its_own_age(tmp_path):
    cache = DigestCache(tmp_path, max_age_days=30)
    for key, days in [("a", 3), ("b", 10), ("c", 40)]:
        _age(cache.put(key, b"%PDF"), days)
    assert cache.prune() == 1  # c, past the cache's 30 days
    assert cache.prune(max_age_days=7) == 1  # b
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]
    assert cache.prune() == 0


def test_prune_of_a_folder_not_yet_made_removes_nothing(tmp_path):
    assert DigestCache(tmp_path / "not-yet").prune() == 0
