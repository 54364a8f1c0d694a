"""The filters that read stories raw can use their indexes (migration 0008), on PostgreSQL.

A test database holds a handful of stories, for which PostgreSQL would rightly read the
table; with sequential scans switched off (and any other index that could serve dropped, in
the test's own transaction), the plan shows whether the statement the
explorer builds (the ILIKE with its ESCAPE, the EXISTS of an answer filter) can use the
index at all: a query shaped so that it cannot would still scan the table.
"""

import pytest
from sqlalchemy import text

from app.explore.aggregate import story_ids
from app.explore.filters import Filters
from app.explore.scope import stories_for
from app.extensions import db
from tests.analysts import make_story


@pytest.fixture
def pg(ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("trigram and partial indexes are PostgreSQL's (SQLite reads the table)")


def _plan(statement) -> str:
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # this transaction only
    sql = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.connection().exec_driver_sql(f"EXPLAIN {sql}", {})  # {}: "%%" is "%"
    return "\n".join(row[0] for row in rows)


@pytest.mark.parametrize("words", ["bus", "50% off_peak", "O'Brien\\"])
def test_a_word_search_finds_its_stories_by_their_trigrams(pg, framework, analysts, words):
    make_story("iwa", framework, text=f"The {words} was late again.")
    statement = story_ids(stories_for(analysts["partnership_analyst"], Filters(words=words)))
    plan = _plan(statement)
    assert "ix_story_text_trgm" in plan and "ix_story_title_trgm" in plan, plan
    assert db.session.execute(statement).scalars().all()  # and it finds the story


def test_an_answer_filter_finds_its_stories_in_the_choice_index(pg, framework, analysts):
    make_story("iwa", framework, feeling="positive")
    filters = Filters(answers=(("feeling", "positive"), ("feeling", "neutral")))
    statement = story_ids(stories_for(analysts["partnership_analyst"], filters))
    # The explorer's covering index could answer too (also without the table): out of the
    # way for this transaction (rolled back after the test), so the plan shows the choice one.
    db.session.execute(text("DROP INDEX ix_answer_kind_story_cover"))
    plan = _plan(statement)
    assert "Index Only Scan using ix_answer_choice" in plan, plan
    assert len(db.session.execute(statement).scalars().all()) == 1
