"""The explorer's side-by-side queries: same answers as one after another, errors not lost."""

import re
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.explore.concurrent import gather
from app.extensions import db
from tests.analysts import make_story, sign_in


@pytest.fixture
def threads(app):
    """Set EXPLORE_QUERY_THREADS for one test, then put it back."""
    before = app.config["EXPLORE_QUERY_THREADS"]

    def set_to(n: int) -> None:
        app.config["EXPLORE_QUERY_THREADS"] = n

    yield set_to
    app.config["EXPLORE_QUERY_THREADS"] = before


def test_the_default_runs_queries_side_by_side(app):
    assert app.config["EXPLORE_QUERY_THREADS"] == 3


def test_calls_run_on_other_threads_with_their_own_sessions(ctx, threads):
    threads(3)
    main_session = db.session()
    barrier = threading.Barrier(3, timeout=10)  # all three must be running at once

    def call():
        barrier.wait()
        return (
            threading.get_ident(),
            db.session() is main_session,
            db.session.scalar(text("SELECT 41 + 1")),
        )

    found = gather({n: call for n in "abc"})
    assert len({ident for ident, _same, _v in found.values()}) == 3
    assert {ident for ident, _same, _v in found.values()}.isdisjoint({threading.get_ident()})
    assert [same for _i, same, _v in found.values()] == [False, False, False]
    assert [v for _i, _same, v in found.values()] == [42, 42, 42]


def test_one_thread_runs_in_the_requests_own_session(ctx, threads):
    threads(1)
    main_session = db.session()
    found = gather({"a": lambda: db.session() is main_session, "b": threading.get_ident})
    assert found == {"a": True, "b": threading.get_ident()}


def test_a_failing_query_is_raised_after_the_others_finish(ctx, threads):
    threads(3)
    finished = []

    def slow():
        db.session.scalar(text("SELECT 1"))
        finished.append("slow")
        return 1

    def broken():
        return db.session.execute(text("SELECT * FROM no_such_table")).all()

    with pytest.raises(Exception, match="no_such_table"):
        gather({"slow": slow, "broken": broken, "also slow": slow})
    assert finished == ["slow", "slow"]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    # CSRF tokens carry a timestamp: the one thing allowed to differ between two renders
    return re.sub(r'name="csrf_token" [^>]*value="[^"]+"', "csrf", response.get_data(as_text=True))


@pytest.mark.parametrize(
    "url",
    [
        "/en/explore/",
        "/cy/explore/?teller=own&answer=feeling:positive",
        "/en/explore/compare?by=teller",
        "/en/explore/compare?by=partner&a=iwa&b=wcc",
        "/en/explore/compare?by=date&at=2026-03-01",
    ],
)
def test_pages_are_the_same_whichever_way_the_queries_run(web, analysts, framework, threads, url):
    for i in range(12):
        make_story(
            ("iwa", "wcc")[i % 2],
            framework,
            focus=(10_000 - i * 700, i * 700, 0),
            outcome=i * 800,
            is_proxy=i % 3 == 0,
            feeling=("positive", "negative")[i % 2],
            received_at=datetime(2026, 1 + i % 5, 3, tzinfo=UTC),
        )
    sign_in(web, "bryn@example.org")
    threads(1)
    one_by_one = _page(web, url)
    threads(3)
    side_by_side = _page(web, url)
    assert one_by_one.count("<svg") >= 2  # charts drawn from the stories, not empty pages
    assert side_by_side == one_by_one
