"""Reorder the explorer's covering index on answer: (kind, story_id, question_id, ...).

With story_id right after kind, a chart's answers for a given set of stories are found by
story instead of by reading every answer of that kind: the sampled dots (a few thousand
stories picked by their hash) and a partner analyst's aggregates. Scans of a whole kind are
as before. It replaces 0004's index (same columns, same size), so a submitted story still
writes the same number of index entries; they now land at the end of each kind's range.
On 100,000 stories (bench/README.md, "Explorer"): the triad dots 40 -> 11 ms, a partner's
choices 101 -> 45 ms.

Revision ID: 7c2e9a4b5d10
Revises: 515b12f90217
Create Date: 2026-12-05 10:00:00

"""

from alembic import op

revision = "7c2e9a4b5d10"
down_revision = "515b12f90217"
branch_labels = None
depends_on = None

OLD = ["kind", "question_id", "story_id", "is_na", "a", "b", "c", "item_id", "option_id"]
NEW = ["kind", "story_id", "question_id", "is_na", "a", "b", "c", "item_id", "option_id"]


def upgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_kind_story_cover", NEW, unique=False)
        batch_op.drop_index("ix_answer_kind_cover")


def downgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_kind_cover", OLD, unique=False)
        batch_op.drop_index("ix_answer_kind_story_cover")
