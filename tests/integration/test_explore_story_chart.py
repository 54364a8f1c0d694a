"""story_chart: each story's chart answers in one packed row, for the explorer's raw reads.

Whatever mix of stories has a row (all, none, some: over the per-page build limit, a build
that fails, rows written by another page mid-read), a raw scope's numbers and pages must be
exactly those read from the answer table. PostgreSQL only: on SQLite the table stays empty.
"""

import logging
import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from app.explore import aggregate, rollup_read, story_chart
from app.explore.filters import Filters
from app.explore.scope import stories_for
from app.extensions import db
from app.models import Answer, ChartKey, Story, StoryChart
from app.models.story import SCALE
from tests.analysts import make_story, sign_in
from tests.integration import test_explore_rollup as rollup_tests
from tests.integration.test_explore_rollup import _raw, _split, _user

spread = rollup_tests.spread  # the same stories: three partners, four months

FILTERS = [
    Filters(answers=(("feeling", "positive"),)),
    Filters(answers=(("feeling", "positive"), ("about", "family"))),
    Filters(words="bus"),
    Filters(zone=("focus", "c0")),
    Filters(dyad_bin=("outcome", 3)),
    Filters(prompts=("past_weeks",)),
    Filters(version=1),
    Filters(teller="own", version=1, partners=("iwa",)),
    Filters(words="no story says this"),  # no story at all
]


@pytest.fixture
def pg(ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("story_chart is read on PostgreSQL only")


@pytest.fixture
def build_limit(app, monkeypatch):
    """Set EXPLORE_CHART_BUILD_PER_REQUEST for one test."""
    return lambda n: monkeypatch.setitem(app.config, "EXPLORE_CHART_BUILD_PER_REQUEST", n)


def _rows() -> int:
    return db.session.execute(select(func.count()).select_from(StoryChart)).scalar_one()


def _all_ids() -> list[int]:
    return sorted(db.session.execute(select(Story.id)).scalars())


@pytest.mark.parametrize("role", ["partnership_analyst", "partner_analyst"])
@pytest.mark.parametrize("filters", FILTERS)
def test_rows_give_the_numbers_of_the_answers(pg, spread, role, filters):
    assert story_chart.build_all() == spread
    scoped = stories_for(_user(role), filters)
    parts = rollup_read.raw(scoped, filters)
    assert parts.charts is not None and parts.charts.unkeyed == [] and parts.rest is None
    assert _split(parts) == _raw(scoped)


def test_the_comparison_is_not_of_nothing(pg, spread):
    story_chart.build_all()
    filters = Filters(words="bus")  # every story of `spread`
    parts = rollup_read.raw(stories_for(_user("partnership_analyst"), filters), filters)
    found = _split(parts)
    assert found["total"] == spread == sum(found["weeks"].values())
    assert found["triads"]["focus"].density and found["triads"]["shaped_by"].not_applicable
    assert sum(found["dyads"]["outcome"].bins.values()) == spread
    assert found["choices"]["about"]["family"] > 0
    assert found["stones"][("support", "neighbours")].placed == spread
    assert set(found["prompts"]) == {"past_weeks", "helped_or_let_down", "decision_makers"}


def test_a_page_writes_the_rows_it_lacks_then_reads_them(pg, spread):
    assert _rows() == 0
    filters = Filters(answers=(("feeling", "positive"),))
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    assert parts.charts.unkeyed == [] and parts.rest is None
    assert _rows() == parts.total == aggregate.count(scoped) < spread  # the scope's only
    assert _split(parts) == _raw(scoped)


@pytest.mark.parametrize("limit", [0, 1, 5])
def test_over_the_build_limit_the_rest_is_read_from_the_answers(pg, spread, build_limit, limit):
    build_limit(limit)
    filters = Filters(words="bus")
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    ids = _all_ids()
    assert _rows() == limit
    assert parts.charts.unkeyed == ids[: len(ids) - limit]  # the newest got their rows
    assert aggregate._ids_of(parts.rest) == parts.charts.unkeyed
    assert _split(parts) == _raw(scoped)


def test_some_rows_written_before_the_page(pg, spread, build_limit):
    story_chart.build(_all_ids()[::3])
    build_limit(4)
    filters = Filters(zone=("focus", "c0"))
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    assert parts.charts.unkeyed and parts.charts.rows  # both halves are read
    assert _split(parts) == _raw(scoped)


def test_rows_written_by_another_page_mid_read_are_counted_once(pg, spread, monkeypatch):
    """Rows may appear between the count and the look-up of the missing ones."""
    story_chart.build(_all_ids()[:10])
    look_up = story_chart.without_row

    def another_page_writes_first(ids):
        story_chart.build(ids[: len(ids) // 2])
        return look_up(ids)

    monkeypatch.setattr(story_chart, "without_row", another_page_writes_first)
    filters = Filters(words="bus")
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    assert _split(parts) == _raw(scoped)
    assert _split(parts)["total"] == spread


def test_a_page_that_cannot_write_rows_reads_the_answers(pg, spread, monkeypatch, caplog):
    def read_only(_ids):  # as on a read-only replica
        raise OperationalError("INSERT INTO story_chart", {}, Exception("read-only"))

    monkeypatch.setattr(story_chart, "build", read_only)
    monkeypatch.setattr(story_chart.logger, "disabled", False)  # see test_explore_rollup
    filters = Filters(words="bus")
    scoped = stories_for(_user("partnership_analyst"), filters)
    with caplog.at_level(logging.WARNING, logger=story_chart.__name__):
        parts = rollup_read.raw(scoped, filters)
    assert "not built" in caplog.text
    assert parts.charts.unkeyed == _all_ids() and parts.charts.rows == {}
    assert _split(parts) == _raw(scoped)


def test_a_row_packs_the_story_s_answers_and_week(pg, framework, analysts):
    story = make_story(
        "iwa", framework, focus=(SCALE, 0, 0), outcome=SCALE, na=("shaped_by",), about=()
    )
    db.session.commit()
    story_chart.build([story.id])
    packed = db.session.execute(select(StoryChart.packed)).scalar_one()
    keys = {k.id: k for k in db.session.execute(select(ChartKey)).scalars()}
    found = set()
    for value in packed:
        key_id, a, b, c = story_chart.unpack(value)
        assert story_chart.pack(key_id, a, b, c) == value
        k = keys[key_id]
        found.add((k.kind, k.question_id, k.item_id, k.option_id, k.is_na, a, b, c))
        if k.kind == story_chart.WEEK:  # its Monday, in days since 1970
            monday = story.received_at.date() - timedelta(days=story.received_at.weekday())
            assert k.key == (monday - story_chart.EPOCH).days
    assert found == {
        ("triad", "focus", "", "", False, SCALE, 0, 0),  # the largest values fit
        ("dyad", "outcome", "", "", False, SCALE, 0, 0),
        ("triad", "shaped_by", "", "", True, 0, 0, 0),
        ("stone", "support", "neighbours", "", False, 9_000, SCALE, 0),
        ("choice", "feeling", "", "positive", False, 0, 0, 0),
        ("week", "", "", "past_weeks", False, 0, 0, 0),
    }
    answers = db.session.execute(select(func.count()).select_from(Answer)).scalar_one()
    assert len(packed) == answers + 1  # one an answer, one for the week


def test_a_story_with_no_chart_answer_still_gets_its_week(pg, framework, analysts):
    story = make_story("iwa", framework, focus=None, outcome=None, feeling=None, about=())
    db.session.execute(Answer.__table__.delete())
    db.session.commit()
    story_chart.build([story.id])
    assert len(db.session.execute(select(StoryChart.packed)).scalar_one()) == 1
    filters = Filters(words="bus")
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    assert parts.charts.unkeyed == [] and _split(parts) == _raw(scoped)
    assert _split(parts)["total"] == 1


def test_three_builds_of_the_same_stories_at_once_agree(pg, app, spread):
    """They race to write the same new chart keys and rows: none fails, and what is left
    reads as the answers do."""
    db.session.execute(ChartKey.__table__.delete())  # no row uses them: no story has one yet
    db.session.commit()
    ids = _all_ids()
    errors = []
    start = threading.Barrier(3)

    def build():
        try:
            with app.app_context():
                start.wait()
                story_chart.build(ids)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _rows() == spread
    filters = Filters(words="bus")
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    assert parts.charts.unkeyed == [] and _split(parts) == _raw(scoped)


def test_builds_use_up_a_chart_key_id_only_for_a_new_key(pg, spread):
    """Chart keys are few, but their ids must fit 21 bits: building the same keys again,
    page after page, must not use up ids as an INSERT skipped ON CONFLICT would."""
    db.session.execute(ChartKey.__table__.delete())  # no row uses them: no story has one yet
    db.session.commit()
    last = text("SELECT last_value FROM chart_key_id_seq")
    keys = select(func.count()).select_from(ChartKey)
    before, known = db.session.execute(last).scalar_one(), db.session.execute(keys).scalar_one()
    for story_id in _all_ids():  # one build a story, each meeting keys already there
        story_chart.build([story_id])
    added = db.session.execute(keys).scalar_one() - known
    assert added > 0
    assert db.session.execute(last).scalar_one() - before <= added


def test_the_cli_writes_every_missing_row(pg, app, spread):
    story_chart.build(_all_ids()[:7])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["explore", "rollup"])
    assert result.exit_code == 0, result.output
    assert f"story_chart: {spread - 7} stories written" in result.output
    assert "story_chart: 0 stories written" in runner.invoke(args=["explore", "rollup"]).output
    assert _rows() == spread


def test_build_all_works_in_batches(pg, spread):
    assert story_chart.build_all(batch=5) == spread
    assert story_chart.without_row(_all_ids()) == []


def test_sqlite_reads_the_answers_and_writes_no_row(app, ctx, spread):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite path")
    filters = Filters(words="bus")
    scoped = stories_for(_user("partnership_analyst"), filters)
    parts = rollup_read.raw(scoped, filters)
    assert parts.charts is None and parts.rest is scoped
    assert story_chart.build_all() == 0 and _rows() == 0
    result = app.test_cli_runner().invoke(args=["explore", "rollup"])
    assert result.exit_code == 0 and "story_chart" not in result.output


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r'name="csrf_token" [^>]*value="[^"]+"', "csrf", response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("email", "url"),
    [
        ("bryn@example.org", "/en/explore/?answer=feeling:positive"),
        ("bryn@example.org", "/cy/explore/?q=bus&teller=proxy"),
        ("bryn@example.org", "/en/explore/?zone=focus:c0&partner=iwa&partner=wcc"),
        ("bryn@example.org", "/en/explore/compare?by=teller&answer=about:family"),
        ("bryn@example.org", "/cy/explore/?bin=outcome:3"),
        ("ana@iwa.example", "/cy/explore/?q=bus&teller=own"),
        ("ana@iwa.example", "/en/explore/?prompt=past_weeks"),
    ],
)
def test_pages_are_the_same_with_or_without_rows(pg, web, spread, build_limit, email, url):
    sign_in(web, email)
    build_limit(0)
    from_answers = _page(web, url)
    assert _rows() == 0
    build_limit(3)
    some = _page(web, url)
    assert 0 < _rows() < spread
    story_chart.build_all()
    from_rows = _page(web, url)
    assert from_answers.count("<svg") >= 2
    assert some == from_answers
    assert from_rows == from_answers


def test_ids_are_one_untyped_array_parameter(pg):
    """Read as integer[] and planned as a constant (see aggregate.id_in): typed as varchar,
    the cast is not folded and a sequential scan searches the whole array for every row."""
    condition = aggregate.id_in(Story.id, [3, 1, 2], "ids")
    sql = str(select(Story.id).where(condition).compile(db.engine))
    assert "= ANY (CAST(%(ids)s AS INTEGER[]))" in sql and "VARCHAR" not in sql
    assert db.session.execute(select(Story.id).where(condition)).all() == []  # no stories


def test_ids_find_their_stories(pg, spread):
    ids = _all_ids()
    wanted = ids[::2]
    found = select(Story.id).where(aggregate.id_in(Story.id, wanted, "ids")).order_by(Story.id)
    assert db.session.execute(found).scalars().all() == wanted
