"""Analysts' accounts: who may sign in to the explorer, with a role and (for a partner
analyst) the one partner whose stories they see.

The role and partner rule is a check constraint, so a partner analyst without a partner (who
would otherwise fall through to "no filter") cannot exist in the database. Passwords are
werkzeug scrypt hashes; failed sign-ins are counted here so every app server enforces the same
lock-out; session_token changes on a password reset or role change, ending old sessions.

Revision ID: 2ec57177c550
Revises: b780486c0912
Create Date: 2026-12-04 15:37:54.495810

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2ec57177c550'
down_revision = 'b780486c0912'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.CheckConstraint("(role = 'partner_analyst') = (partner_id IS NOT NULL)", name=op.f('ck_user_account_partner_iff_role')),
    sa.CheckConstraint("email = lower(email) AND length(email) >= 3", name=op.f('ck_user_account_email_normalised')),
    sa.CheckConstraint("role IN ('partner_analyst', 'partnership_analyst', 'admin')", name=op.f('ck_user_account_role_known')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_user_account_partner_id_partner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )


def downgrade():
    op.drop_table('user_account')
