"""login security: atomic throttle counters, session generations, unseen lockouts

`login_throttles` holds the per-address and per-name-and-address failure counters
(accounts.login_throttle); `users.session_generation` ends all of a user's sessions when it
is raised; `users.lockouts_unseen` tells the owner of lockouts at the next sign-in.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-07 05:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lockouts_unseen', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
        batch_op.drop_column('lockouts_unseen')
    op.drop_table('login_throttles')
