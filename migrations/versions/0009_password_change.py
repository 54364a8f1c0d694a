"""Analysts change their own password: user_account.must_change_password.

Set when someone other than the user chose the password (an administrator's generated one on
the admin pages, or `flask user create|reset-password`); while it is set, every explorer page
sends the user to /<lang>/explore/account/password first. Existing accounts start with false
(the server default), so nobody is stopped by the upgrade itself.

Revision ID: a4e7c91d2f03
Revises: c5d2e8f41a96
Create Date: 2026-12-04 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4e7c91d2f03'
down_revision = 'c5d2e8f41a96'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
