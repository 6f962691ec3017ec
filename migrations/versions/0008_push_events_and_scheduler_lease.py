"""push events and scheduler lease

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 21:29:21.395041
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('push_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_events')),
    sa.UniqueConstraint('subject', 'subject_id', 'event', name=op.f('uq_push_events_subject_subject_id_event'))
    )
    op.create_table('push_lease',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_lease'))
    )


def downgrade() -> None:
    op.drop_table('push_lease')
    op.drop_table('push_events')
