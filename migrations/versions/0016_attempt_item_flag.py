"""answer sheet: a question of an attempt can be flagged for later (标记)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 14:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quiz_attempt_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempt_items', schema=None) as batch_op:
        batch_op.drop_column('flagged')
