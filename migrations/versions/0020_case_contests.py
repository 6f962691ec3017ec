"""案例评比 (issue 16): case contests, their criteria and judges, entries and their authors,
judges' reviews and per-criterion scores

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 23:47:06.751556
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_case_contests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_quiz_case_contests_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by'], ['users.id'], name=op.f('fk_quiz_case_contests_published_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contests'))
    )
    op.create_table('quiz_case_contest_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['quiz_case_contests.id'], name=op.f('fk_quiz_case_contest_criteria_contest_id_quiz_case_contests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contest_criteria')),
    sa.UniqueConstraint('contest_id', 'name', name=op.f('uq_quiz_case_contest_criteria_contest_id_name'))
    )
    with op.batch_alter_table('quiz_case_contest_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_criteria_contest_id'), ['contest_id'], unique=False)

    op.create_table('quiz_case_contest_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('submitter_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audit_type', sa.String(length=40), nullable=False),
    sa.Column('case_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('award', sa.String(length=10), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_quiz_case_contest_entries_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contest_id'], ['quiz_case_contests.id'], name=op.f('fk_quiz_case_contest_entries_contest_id_quiz_case_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitter_id'], ['users.id'], name=op.f('fk_quiz_case_contest_entries_submitter_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contest_entries'))
    )
    with op.batch_alter_table('quiz_case_contest_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_entries_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_entries_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_entries_submitter_id'), ['submitter_id'], unique=False)

    op.create_table('quiz_case_contest_judges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['quiz_case_contests.id'], name=op.f('fk_quiz_case_contest_judges_contest_id_quiz_case_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_case_contest_judges_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contest_judges')),
    sa.UniqueConstraint('contest_id', 'user_id', name=op.f('uq_quiz_case_contest_judges_contest_id_user_id'))
    )
    with op.batch_alter_table('quiz_case_contest_judges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_judges_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_judges_user_id'), ['user_id'], unique=False)

    op.create_table('quiz_case_contest_authors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['quiz_case_contest_entries.id'], name=op.f('fk_quiz_case_contest_authors_entry_id_quiz_case_contest_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_case_contest_authors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contest_authors')),
    sa.UniqueConstraint('entry_id', 'user_id', name=op.f('uq_quiz_case_contest_authors_entry_id_user_id'))
    )
    with op.batch_alter_table('quiz_case_contest_authors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_authors_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_authors_user_id'), ['user_id'], unique=False)

    op.create_table('quiz_case_contest_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('scored_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['quiz_case_contest_entries.id'], name=op.f('fk_quiz_case_contest_reviews_entry_id_quiz_case_contest_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['users.id'], name=op.f('fk_quiz_case_contest_reviews_judge_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contest_reviews')),
    sa.UniqueConstraint('entry_id', 'judge_id', name=op.f('uq_quiz_case_contest_reviews_entry_id_judge_id'))
    )
    with op.batch_alter_table('quiz_case_contest_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_reviews_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_reviews_judge_id'), ['judge_id'], unique=False)

    op.create_table('quiz_case_contest_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['quiz_case_contest_criteria.id'], name=op.f('fk_quiz_case_contest_scores_criterion_id_quiz_case_contest_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['quiz_case_contest_reviews.id'], name=op.f('fk_quiz_case_contest_scores_review_id_quiz_case_contest_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_case_contest_scores')),
    sa.UniqueConstraint('review_id', 'criterion_id', name=op.f('uq_quiz_case_contest_scores_review_id_criterion_id'))
    )
    with op.batch_alter_table('quiz_case_contest_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_case_contest_scores_review_id'), ['review_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quiz_case_contest_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_scores_review_id'))

    op.drop_table('quiz_case_contest_scores')
    with op.batch_alter_table('quiz_case_contest_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_reviews_judge_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_reviews_entry_id'))

    op.drop_table('quiz_case_contest_reviews')
    with op.batch_alter_table('quiz_case_contest_authors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_authors_user_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_authors_entry_id'))

    op.drop_table('quiz_case_contest_authors')
    with op.batch_alter_table('quiz_case_contest_judges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_judges_user_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_judges_contest_id'))

    op.drop_table('quiz_case_contest_judges')
    with op.batch_alter_table('quiz_case_contest_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_entries_submitter_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_entries_status'))
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_entries_contest_id'))

    op.drop_table('quiz_case_contest_entries')
    with op.batch_alter_table('quiz_case_contest_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_case_contest_criteria_contest_id'))

    op.drop_table('quiz_case_contest_criteria')
    op.drop_table('quiz_case_contests')
