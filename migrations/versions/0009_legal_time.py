"""legal time: 公布/施行 dates with their source, repeals with their source, citations to
versions the library lacks, and administrators' corrections (issue G)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:29:55.428471
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('legal_time_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statute_key', sa.String(length=300), nullable=False),
    sa.Column('version_date', sa.Date(), nullable=True),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Date(), nullable=True),
    sa.Column('by_title', sa.String(length=300), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_time_corrections'))
    )
    with op.batch_alter_table('legal_time_corrections', schema=None) as batch_op:
        batch_op.create_index('ix_legal_time_corrections_key', ['statute_key', 'version_date'], unique=False)

    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version_absent', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('statute_repeals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_title', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=20), nullable=False, server_default='clause'))
        batch_op.add_column(sa.Column('note', sa.String(length=300), nullable=True))
        batch_op.alter_column('by_statute_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('by_version_id',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('statute_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('promulgated', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('effective_source', sa.String(length=20), nullable=False, server_default='none'))
        batch_op.add_column(sa.Column('effective_note', sa.String(length=300), nullable=True))

    with op.batch_alter_table('statutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('repealed_by', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('repeal_source', sa.String(length=300), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('statutes', schema=None) as batch_op:
        batch_op.drop_column('repeal_source')
        batch_op.drop_column('repealed_by')

    with op.batch_alter_table('statute_versions', schema=None) as batch_op:
        batch_op.drop_column('effective_note')
        batch_op.drop_column('effective_source')
        batch_op.drop_column('promulgated')

    with op.batch_alter_table('statute_repeals', schema=None) as batch_op:
        batch_op.alter_column('by_version_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('by_statute_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('note')
        batch_op.drop_column('source')
        batch_op.drop_column('by_title')

    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_column('version_absent')

    with op.batch_alter_table('legal_time_corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_legal_time_corrections_key')

    op.drop_table('legal_time_corrections')
