"""library tasks: follow-up work an import leaves (the citation link), so a run killed
between import and link is finished by the next one

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:55:04.478364
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('library_tasks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_library_tasks'))
    )


def downgrade() -> None:
    op.drop_table('library_tasks')
