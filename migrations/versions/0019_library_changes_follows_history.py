"""法规动态, 关注 and version history: library_changes (what changed, by whom, announced to
followers when), statute_follows, retired_versions (a replaced or withdrawn version's text)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 17:36:54.826731
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('retired_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statute_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('version_date', sa.Date(), nullable=True),
    sa.Column('source_path', sa.String(length=500), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('units', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_retired_versions_statute_id_statutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retired_versions'))
    )
    with op.batch_alter_table('retired_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retired_versions_statute_id'), ['statute_id'], unique=False)

    op.create_table('library_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('statute_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('announced_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_library_changes_statute_id_statutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['statute_versions.id'], name=op.f('fk_library_changes_version_id_statute_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_changes'))
    )
    with op.batch_alter_table('library_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_changes_announced_at'), ['announced_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_changes_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_changes_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_changes_statute_id'), ['statute_id'], unique=False)

    op.create_table('statute_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('statute_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_statute_follows_statute_id_statutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_statute_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statute_follows')),
    sa.UniqueConstraint('user_id', 'statute_id', name=op.f('uq_statute_follows_user_id_statute_id'))
    )
    with op.batch_alter_table('statute_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statute_follows_statute_id'), ['statute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statute_follows_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statute_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statute_follows_user_id'))
        batch_op.drop_index(batch_op.f('ix_statute_follows_statute_id'))

    op.drop_table('statute_follows')
    with op.batch_alter_table('library_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_changes_statute_id'))
        batch_op.drop_index(batch_op.f('ix_library_changes_kind'))
        batch_op.drop_index(batch_op.f('ix_library_changes_created_at'))
        batch_op.drop_index(batch_op.f('ix_library_changes_announced_at'))

    op.drop_table('library_changes')
    with op.batch_alter_table('retired_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retired_versions_statute_id'))

    op.drop_table('retired_versions')
