"""Monthly roll-ups for the explorer: rollup_month, rollup_answer and rollup_day.

A calendar month (UTC) that has ended never changes: received_at is the server's clock at
insert and the app never edits or deletes a story. So the explorer's aggregates of a
partner's complete month can be computed once (app/explore/rollup.py) and read instead of
the month's answers when the filters are only partners, dates, teller and language told
in. rollup_month records how many stories a month was built from and their largest id; a
month whose live stories no longer match (demo data or an import written into the past) is
read raw and rebuilt.
rollup_answer holds answers grouped as the charts group them (triad zone and density cell,
dyad bin, stone item, choice option) with counts and sums; rollup_day the stories per day
and prompt (the count, the prompts chart and the weeks chart). Both are also split by who told
the story (is_proxy) and the language it was told in, so the explorer's teller and language
filters read them too. The primary keys are the grouping keys, so two processes building the
same month cannot both land their rows.
Rows go with their partner (ON DELETE CASCADE).

Revision ID: 8d3f1a6c2b71
Revises: 7c2e9a4b5d10
Create Date: 2026-12-04 18:35:25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d3f1a6c2b71'
down_revision = '7c2e9a4b5d10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rollup_answer',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('question_id', sa.String(length=40), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('option_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('is_na', sa.Boolean(), nullable=False),
    sa.Column('is_proxy', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('sum_a', sa.BigInteger(), nullable=False),
    sa.Column('sum_b', sa.BigInteger(), nullable=False),
    sa.Column('sum_c', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_rollup_answer_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', 'month', 'kind', 'question_id', 'item_id', 'option_id', 'key', 'is_na', 'is_proxy', 'language', name=op.f('pk_rollup_answer'))
    )
    op.create_table('rollup_day',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('prompt_id', sa.String(length=40), nullable=False),
    sa.Column('is_proxy', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_rollup_day_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', 'month', 'day', 'prompt_id', 'is_proxy', 'language', name=op.f('pk_rollup_day'))
    )
    op.create_table('rollup_month',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('stories', sa.Integer(), nullable=False),
    sa.Column('max_story_id', sa.Integer(), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_rollup_month_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', 'month', name=op.f('pk_rollup_month'))
    )


def downgrade():
    op.drop_table('rollup_month')
    op.drop_table('rollup_day')
    op.drop_table('rollup_answer')
