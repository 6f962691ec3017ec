"""cases, citations and the finding guide

Audit types (seeded with the default list), cases with tags and revisions, the citations
table behind backlinks, repeal clauses found in the library, and the finding-to-law guide.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 20:17:02.887473
"""
from alembic import op
import sqlalchemy as sa

DEFAULT_AUDIT_TYPES = ("预算执行", "经济责任", "政府投资", "自然资源资产", "民生资金", "国有企业",
                       "金融", "政府采购", "行政事业单位财务", "司法案例", "其他")


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_types')),
    sa.UniqueConstraint('name', name=op.f('uq_audit_types_name'))
    )
    audit_types = sa.table('audit_types', sa.column('name', sa.String), sa.column('position', sa.Integer),
                           sa.column('is_active', sa.Boolean))
    op.bulk_insert(audit_types, [{'name': name, 'position': i, 'is_active': True}
                                 for i, name in enumerate(DEFAULT_AUDIT_TYPES)])
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audit_type_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('case_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['audit_type_id'], ['audit_types.id'], name=op.f('fk_cases_audit_type_id_audit_types')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_cases_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_cases_updated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('uid', name=op.f('uq_cases_uid'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_audit_type_id'), ['audit_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_case_date'), ['case_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)

    op.create_table('citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('source_statute_id', sa.Integer(), nullable=True),
    sa.Column('source_version_id', sa.Integer(), nullable=True),
    sa.Column('source_article_no', sa.Integer(), nullable=True),
    sa.Column('source_article_suffix', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=400), nullable=False),
    sa.Column('cited_name', sa.String(length=300), nullable=False),
    sa.Column('article_no', sa.Integer(), nullable=False),
    sa.Column('article_suffix', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('item', sa.Integer(), nullable=True),
    sa.Column('implied', sa.Boolean(), nullable=False),
    sa.Column('version_year', sa.Integer(), nullable=True),
    sa.Column('text_date', sa.Date(), nullable=True),
    sa.Column('statute_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('exact_version', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['source_statute_id'], ['statutes.id'], name=op.f('fk_citations_source_statute_id_statutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_version_id'], ['statute_versions.id'], name=op.f('fk_citations_source_version_id_statute_versions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_citations_statute_id_statutes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['statute_versions.id'], name=op.f('fk_citations_version_id_statute_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index('ix_citations_source', ['source_kind', 'source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citations_source_statute_id'), ['source_statute_id'], unique=False)
        batch_op.create_index('ix_citations_target', ['statute_id', 'article_no', 'article_suffix'], unique=False)
        batch_op.create_index(batch_op.f('ix_citations_version_id'), ['version_id'], unique=False)

    op.create_table('guide_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_guide_entries_updated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_entries')),
    sa.UniqueConstraint('slug', name=op.f('uq_guide_entries_slug'))
    )
    with op.batch_alter_table('guide_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_entries_category'), ['category'], unique=False)

    op.create_table('statute_repeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('repealed_on', sa.Date(), nullable=True),
    sa.Column('by_statute_id', sa.Integer(), nullable=False),
    sa.Column('by_version_id', sa.Integer(), nullable=False),
    sa.Column('by_article_no', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_statute_id'], ['statutes.id'], name=op.f('fk_statute_repeals_by_statute_id_statutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_version_id'], ['statute_versions.id'], name=op.f('fk_statute_repeals_by_version_id_statute_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statute_repeals'))
    )
    with op.batch_alter_table('statute_repeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statute_repeals_name'), ['name'], unique=False)

    op.create_table('case_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audit_type', sa.String(length=40), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('case_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('changed', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_revisions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_revisions_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_revisions')),
    sa.UniqueConstraint('case_id', 'number', name=op.f('uq_case_revisions_case_id_number'))
    )
    op.create_table('case_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_tags_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_tags')),
    sa.UniqueConstraint('case_id', 'tag', name=op.f('uq_case_tags_case_id_tag'))
    )
    with op.batch_alter_table('case_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_tags_tag'), ['tag'], unique=False)

    op.create_table('guide_basis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('law', sa.String(length=300), nullable=False),
    sa.Column('article_no', sa.Integer(), nullable=False),
    sa.Column('article_suffix', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('item', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['guide_entries.id'], name=op.f('fk_guide_basis_entry_id_guide_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_basis'))
    )
    with op.batch_alter_table('guide_basis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_basis_entry_id'), ['entry_id'], unique=False)

    op.create_table('guide_entry_cases',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_guide_entry_cases_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['guide_entries.id'], name=op.f('fk_guide_entry_cases_entry_id_guide_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'case_id', name=op.f('pk_guide_entry_cases'))
    )
    with op.batch_alter_table('guide_entry_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_entry_cases_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('guide_entry_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_entry_cases_case_id'))

    op.drop_table('guide_entry_cases')
    with op.batch_alter_table('guide_basis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_basis_entry_id'))

    op.drop_table('guide_basis')
    with op.batch_alter_table('case_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_tags_tag'))

    op.drop_table('case_tags')
    op.drop_table('case_revisions')
    with op.batch_alter_table('statute_repeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statute_repeals_name'))

    op.drop_table('statute_repeals')
    with op.batch_alter_table('guide_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_entries_category'))

    op.drop_table('guide_entries')
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_version_id'))
        batch_op.drop_index('ix_citations_target')
        batch_op.drop_index(batch_op.f('ix_citations_source_statute_id'))
        batch_op.drop_index('ix_citations_source')

    op.drop_table('citations')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_case_date'))
        batch_op.drop_index(batch_op.f('ix_cases_audit_type_id'))

    op.drop_table('cases')
    op.drop_table('audit_types')
