"""The search change feed: search_changes (every change that affects search, numbered in
commit order for the app servers' indexes to follow), search_feed_state (how far pruning went)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 23:47:36.657231
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_changes')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('search_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_changes_created_at'), ['created_at'], unique=False)

    op.create_table('search_feed_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pruned_through', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_feed_state'))
    )


def downgrade() -> None:
    op.drop_table('search_feed_state')
    with op.batch_alter_table('search_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_changes_created_at'))

    op.drop_table('search_changes')
