"""An index on statute_versions.imported_at: the library stamp (max of it, read before
every citation and guide lookup to see whether the library changed) was a scan of the
whole table, 1.7 ms on the full corpus; with the index it is one index step.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-08 06:40:00
"""
from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_statute_versions_imported_at', 'statute_versions', ['imported_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_statute_versions_imported_at', table_name='statute_versions')
