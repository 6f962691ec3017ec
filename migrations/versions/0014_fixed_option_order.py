"""fixed option order: a question whose options must keep their order (固定选项顺序: an
explanation or an option such as “以上都对” refers to positions), never shuffled per person

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 14:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quiz_question_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fixed_order', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('quiz_question_revisions', schema=None) as batch_op:
        batch_op.drop_column('fixed_order')
