"""Analysts' curation and timeline: stories flagged as significant, tags and private notes
(story_flag, story_tag, story_note), and dated timeline events (timeline_event).

Each curation row has a scope, "partner" (the story's own partner's analysts) or "partnership"
(partnership analysts and administrators); one flag per story per scope and one tag label per
story per scope are unique constraints. Rows go with their story (ON DELETE CASCADE) but
outlive their author's account (ON DELETE SET NULL). A timeline event belongs to one partner,
or to the whole partnership when partner_id is NULL, and has a Welsh or an English title (a
check constraint asks for at least one).

Revision ID: bedcc705674a
Revises: 2ec57177c550
Create Date: 2026-12-04 15:55:57.486490

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bedcc705674a'
down_revision = '2ec57177c550'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('story_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('flagged_by_id', sa.Integer(), nullable=True),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.CheckConstraint("scope IN ('partner', 'partnership')", name=op.f('ck_story_flag_scope_known')),
    sa.ForeignKeyConstraint(['flagged_by_id'], ['user_account.id'], name=op.f('fk_story_flag_flagged_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_flag_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_flag')),
    sa.UniqueConstraint('story_id', 'scope', name='uq_story_flag_story_scope')
    )
    with op.batch_alter_table('story_flag', schema=None) as batch_op:
        batch_op.create_index('ix_story_flag_flagged_at', ['flagged_at'], unique=False)

    op.create_table('story_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope IN ('partner', 'partnership')", name=op.f('ck_story_note_scope_known')),
    sa.CheckConstraint('length(body) > 0', name=op.f('ck_story_note_body_not_empty')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_story_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_note_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_note'))
    )
    with op.batch_alter_table('story_note', schema=None) as batch_op:
        batch_op.create_index('ix_story_note_story', ['story_id'], unique=False)

    op.create_table('story_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope IN ('partner', 'partnership')", name=op.f('ck_story_tag_scope_known')),
    sa.CheckConstraint('length(label) > 0', name=op.f('ck_story_tag_label_not_empty')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_story_tag_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_tag_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_tag')),
    sa.UniqueConstraint('story_id', 'scope', 'label', name='uq_story_tag_story_scope_label')
    )
    with op.batch_alter_table('story_tag', schema=None) as batch_op:
        batch_op.create_index('ix_story_tag_label', ['label'], unique=False)

    op.create_table('timeline_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('title_cy', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("length(coalesce(title_cy, '')) > 0 OR length(coalesce(title_en, '')) > 0", name=op.f('ck_timeline_event_has_a_title')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_timeline_event_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_timeline_event_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_event'))
    )
    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_event_happened_on', ['happened_on'], unique=False)



def downgrade():
    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_event_happened_on')

    op.drop_table('timeline_event')
    with op.batch_alter_table('story_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_story_tag_label')

    op.drop_table('story_tag')
    with op.batch_alter_table('story_note', schema=None) as batch_op:
        batch_op.drop_index('ix_story_note_story')

    op.drop_table('story_note')
    with op.batch_alter_table('story_flag', schema=None) as batch_op:
        batch_op.drop_index('ix_story_flag_flagged_at')

    op.drop_table('story_flag')
