"""Each story's chart answers in one row, for the explorer's filters that read stories raw.

An answer filter, a word search, a zone or a tag cannot be read from a month's roll-up: the
explorer reads the charts of every story in scope. Looking each story's answers up in the
answer index costs about 1 us an answer (17 a story); story_chart keeps a story's chart
answers and its week in one row, a bigint each (a chart_key id and the answer's a, b, c),
which PostgreSQL unnests and counts several times faster. A story is never edited, so its row never
goes stale; rows are written after the story (by the explorer when it meets a story without
one, by `flask explore rollup`), never on the submission path. chart_key numbers the chart
keys (kind, question, item, option, zone-and-cell or bin, N/A) as rollup_answer groups them,
and the weeks (with the story's prompt) the explorer's weekly chart counts.
The arrays are PostgreSQL's; on SQLite the table exists (as JSON) but stays empty.
Rows go with their story (ON DELETE CASCADE). Nothing is backfilled here: run `flask explore
rollup` after upgrading (until then the explorer fills them as it goes).

Revision ID: e1b6f0a7c3d4
Revises: a4e7c91d2f03
Create Date: 2026-12-05 00:20:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'e1b6f0a7c3d4'
down_revision = 'a4e7c91d2f03'
branch_labels = None
depends_on = None

BIGINT_ARRAY = postgresql.ARRAY(sa.BigInteger()).with_variant(sa.JSON(), 'sqlite')


def upgrade():
    op.create_table('chart_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('question_id', sa.String(length=40), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('option_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('is_na', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chart_key')),
    sa.UniqueConstraint('kind', 'question_id', 'item_id', 'option_id', 'key', 'is_na', name=op.f('uq_chart_key'))
    )
    op.create_table('story_chart',
    sa.Column('story_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('packed', BIGINT_ARRAY, nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_chart_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', name=op.f('pk_story_chart'))
    )


def downgrade():
    op.drop_table('story_chart')
    op.drop_table('chart_key')
