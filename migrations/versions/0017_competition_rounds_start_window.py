"""competition rounds (练兵比武): a flag and the start window within which everyone must start

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 14:13:36.045340
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competition', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('start_window_minutes', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.drop_column('start_window_minutes')
        batch_op.drop_column('competition')
