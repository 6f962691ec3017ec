"""statute library

Revision ID: 0001
Revises:
Create Date: 2026-11-24 19:46:48.162409
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('statutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('short_title', sa.String(length=300), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('branch', sa.String(length=40), nullable=True),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('authority', sa.String(length=100), nullable=True),
    sa.Column('repealed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statutes')),
    sa.UniqueConstraint('key', name=op.f('uq_statutes_key'))
    )
    with op.batch_alter_table('statutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statutes_branch'), ['branch'], unique=False)
        batch_op.create_index(batch_op.f('ix_statutes_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_statutes_short_title'), ['short_title'], unique=False)

    op.create_table('statute_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statute_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_statute_aliases_statute_id_statutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statute_aliases')),
    sa.UniqueConstraint('statute_id', 'alias', name=op.f('uq_statute_aliases_statute_id_alias'))
    )
    with op.batch_alter_table('statute_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statute_aliases_alias'), ['alias'], unique=False)

    op.create_table('statute_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statute_id', sa.Integer(), nullable=False),
    sa.Column('version_date', sa.Date(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source_path', sa.String(length=500), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('header_lines', sa.JSON(), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('part_titles', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_statute_versions_statute_id_statutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statute_versions'))
    )
    with op.batch_alter_table('statute_versions', schema=None) as batch_op:
        batch_op.create_index('ix_statute_versions_statute_date', ['statute_id', 'version_date'], unique=False)

    op.create_table('source_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['statute_versions.id'], name=op.f('fk_source_files_version_id_statute_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_files')),
    sa.UniqueConstraint('path', name=op.f('uq_source_files_path'))
    )
    with op.batch_alter_table('source_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_files_version_id'), ['version_id'], unique=False)

    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=True),
    sa.Column('article_no', sa.Integer(), nullable=True),
    sa.Column('article_suffix', sa.Integer(), nullable=False),
    sa.Column('passage_no', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('heading_path', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['statute_versions.id'], name=op.f('fk_units_version_id_statute_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index('ix_units_version_article', ['version_id', 'article_no', 'article_suffix'], unique=False)
        batch_op.create_index('ix_units_version_seq', ['version_id', 'seq'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index('ix_units_version_seq')
        batch_op.drop_index('ix_units_version_article')

    op.drop_table('units')
    with op.batch_alter_table('source_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_files_version_id'))

    op.drop_table('source_files')
    with op.batch_alter_table('statute_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_statute_versions_statute_date')

    op.drop_table('statute_versions')
    with op.batch_alter_table('statute_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statute_aliases_alias'))

    op.drop_table('statute_aliases')
    with op.batch_alter_table('statutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statutes_short_title'))
        batch_op.drop_index(batch_op.f('ix_statutes_level'))
        batch_op.drop_index(batch_op.f('ix_statutes_branch'))

    op.drop_table('statutes')
