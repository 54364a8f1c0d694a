"""A covering index on answer for the explorer's aggregates.

Every chart of the explorer aggregates one kind of answer (triads, dyads, stones, choices) of
the stories in scope. Without this index PostgreSQL scans all answers (about 18 per story) for
each chart; with it, an index-only scan reads just that kind's rows with every column the
aggregate needs. On 100,000 stories it took the triad charts from 674 to 249 ms and the
whole set of aggregates for the partnership from about 1.6 s to 0.9 s (bench/README.md).

Revision ID: 6b1f0c2d9e47
Revises: bedcc705674a
Create Date: 2026-12-04 16:40:00

"""

from alembic import op

revision = "6b1f0c2d9e47"
down_revision = "bedcc705674a"
branch_labels = None
depends_on = None

COLUMNS = ["kind", "question_id", "story_id", "is_na", "a", "b", "c", "item_id", "option_id"]


def upgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_kind_cover", COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_kind_cover")
