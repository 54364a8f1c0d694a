"""Indexes for the explorer's filters that read stories raw: words and choice answers.

- A word search is `text ILIKE '%words%' OR title ILIKE '%words%'`. On PostgreSQL, trigram
  GIN indexes (the pg_trgm extension that ships with PostgreSQL) let it find the stories
  holding the words' trigrams instead of reading every story's text. pg_trgm is a trusted
  extension: the database's owner may create it. SQLite keeps reading every text.
- An answer filter looks up the stories with a choice answer. 0001's index on (question_id,
  option_id) covered every answer but not the story, so each match was a visit to the table.
  It becomes (question_id, option_id, story_id) for choice answers only: the stories come
  from the index alone, and the other answers of a story (most of them) no longer write to
  it when a story is submitted.

Revision ID: c5d2e8f41a96
Revises: 8d3f1a6c2b71
Create Date: 2026-12-04 21:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5d2e8f41a96"
down_revision = "8d3f1a6c2b71"
branch_labels = None
depends_on = None

CHOICE = sa.text("kind = 'choice'")
TRIGRAM = {"ix_story_text_trgm": "text", "ix_story_title_trgm": "title"}


def upgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answer_choice",
            ["question_id", "option_id", "story_id"],
            unique=False,
            postgresql_where=CHOICE,
            sqlite_where=CHOICE,
        )
        batch_op.drop_index("ix_answer_question")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in TRIGRAM.items():
            op.create_index(
                name,
                "story",
                [column],
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM:
            op.drop_index(name, table_name="story")
        # pg_trgm stays: something else in the database may use it, and it costs nothing.
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_question", ["question_id", "option_id"], unique=False)
        batch_op.drop_index("ix_answer_choice")
