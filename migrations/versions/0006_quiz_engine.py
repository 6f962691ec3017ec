"""quiz engine: question bank with revisions and 纠错 reports, rounds with questions,
audiences and extensions, attempts with their items, and the 错题本's review items

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 20:37:03.685894
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('latest_no', sa.Integer(), nullable=False),
    sa.Column('published_no', sa.Integer(), nullable=True),
    sa.Column('qtype', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('source_key', sa.String(length=200), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_quiz_questions_author_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_quiz_questions_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_questions')),
    sa.UniqueConstraint('source_key', name=op.f('uq_quiz_questions_source_key'))
    )
    with op.batch_alter_table('quiz_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_questions_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_questions_qtype'), ['qtype'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_questions_status'), ['status'], unique=False)

    op.create_table('quiz_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('audience_all', sa.Boolean(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('attempts_allowed', sa.Integer(), nullable=False),
    sa.Column('practice_mode', sa.Boolean(), nullable=False),
    sa.Column('scoring', sa.JSON(), nullable=False),
    sa.Column('policy', sa.JSON(), nullable=True),
    sa.Column('period_key', sa.String(length=40), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_quiz_rounds_created_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_quiz_rounds_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_rounds')),
    sa.UniqueConstraint('period_key', name=op.f('uq_quiz_rounds_period_key'))
    )
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_rounds_kind_status', ['kind', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_rounds_owner_id'), ['owner_id'], unique=False)

    op.create_table('quiz_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('deadline_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submit_kind', sa.String(length=20), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('max_score', sa.Float(), nullable=False),
    sa.Column('results_recorded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_rounds.id'], name=op.f('fk_quiz_attempts_round_id_quiz_rounds')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_attempts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempts')),
    sa.UniqueConstraint('round_id', 'user_id', 'number', name=op.f('uq_quiz_attempts_round_id_user_id_number'))
    )
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_status_deadline', ['status', 'deadline_at'], unique=False)
        batch_op.create_index('ix_quiz_attempts_user', ['user_id', 'status'], unique=False)

    op.create_table('quiz_question_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('qtype', sa.String(length=20), nullable=False),
    sa.Column('stem', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('articles', sa.JSON(), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_quiz_question_revisions_author_id_users')),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_questions.id'], name=op.f('fk_quiz_question_revisions_question_id_quiz_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_question_revisions')),
    sa.UniqueConstraint('question_id', 'number', name=op.f('uq_quiz_question_revisions_question_id_number'))
    )
    op.create_table('quiz_round_departments',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_quiz_round_departments_department_id_departments')),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_rounds.id'], name=op.f('fk_quiz_round_departments_round_id_quiz_rounds')),
    sa.PrimaryKeyConstraint('round_id', 'department_id', name=op.f('pk_quiz_round_departments'))
    )
    op.create_table('quiz_round_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_quiz_round_extensions_granted_by_id_users')),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_rounds.id'], name=op.f('fk_quiz_round_extensions_round_id_quiz_rounds')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_round_extensions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_round_extensions')),
    sa.UniqueConstraint('round_id', 'user_id', name=op.f('uq_quiz_round_extensions_round_id_user_id'))
    )
    op.create_table('quiz_attempt_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Float(), nullable=False),
    sa.Column('option_order', sa.JSON(), nullable=False),
    sa.Column('answer', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('saved_at', sa.DateTime(), nullable=True),
    sa.Column('save_count', sa.Integer(), nullable=False),
    sa.Column('checked', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('part_scores', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'], name=op.f('fk_quiz_attempt_items_attempt_id_quiz_attempts')),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_questions.id'], name=op.f('fk_quiz_attempt_items_question_id_quiz_questions')),
    sa.ForeignKeyConstraint(['revision_id'], ['quiz_question_revisions.id'], name=op.f('fk_quiz_attempt_items_revision_id_quiz_question_revisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempt_items')),
    sa.UniqueConstraint('attempt_id', 'question_id', name=op.f('uq_quiz_attempt_items_attempt_id_question_id'))
    )
    with op.batch_alter_table('quiz_attempt_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_attempt_items_question_id'), ['question_id'], unique=False)

    op.create_table('quiz_question_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_quiz_question_reports_author_id_users')),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_questions.id'], name=op.f('fk_quiz_question_reports_question_id_quiz_questions')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_quiz_question_reports_reporter_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_quiz_question_reports_resolved_by_id_users')),
    sa.ForeignKeyConstraint(['revision_id'], ['quiz_question_revisions.id'], name=op.f('fk_quiz_question_reports_revision_id_quiz_question_revisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_question_reports'))
    )
    with op.batch_alter_table('quiz_question_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_question_reports_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_question_reports_question_id'), ['question_id'], unique=False)

    op.create_table('quiz_review_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('box', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('wrong_count', sa.Integer(), nullable=False),
    sa.Column('last_wrong_at', sa.DateTime(), nullable=False),
    sa.Column('last_answered_at', sa.DateTime(), nullable=False),
    sa.Column('mastered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_questions.id'], name=op.f('fk_quiz_review_items_question_id_quiz_questions')),
    sa.ForeignKeyConstraint(['revision_id'], ['quiz_question_revisions.id'], name=op.f('fk_quiz_review_items_revision_id_quiz_question_revisions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_review_items_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_review_items')),
    sa.UniqueConstraint('user_id', 'question_id', name=op.f('uq_quiz_review_items_user_id_question_id'))
    )
    with op.batch_alter_table('quiz_review_items', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_review_items_due', ['user_id', 'due_at'], unique=False)

    op.create_table('quiz_round_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_questions.id'], name=op.f('fk_quiz_round_questions_question_id_quiz_questions')),
    sa.ForeignKeyConstraint(['revision_id'], ['quiz_question_revisions.id'], name=op.f('fk_quiz_round_questions_revision_id_quiz_question_revisions')),
    sa.ForeignKeyConstraint(['round_id'], ['quiz_rounds.id'], name=op.f('fk_quiz_round_questions_round_id_quiz_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_round_questions')),
    sa.UniqueConstraint('round_id', 'question_id', name=op.f('uq_quiz_round_questions_round_id_question_id'))
    )
    with op.batch_alter_table('quiz_round_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_round_questions_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quiz_round_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_round_questions_round_id'))

    op.drop_table('quiz_round_questions')
    with op.batch_alter_table('quiz_review_items', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_review_items_due')

    op.drop_table('quiz_review_items')
    with op.batch_alter_table('quiz_question_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_question_reports_question_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_question_reports_author_id'))

    op.drop_table('quiz_question_reports')
    with op.batch_alter_table('quiz_attempt_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_items_question_id'))

    op.drop_table('quiz_attempt_items')
    op.drop_table('quiz_round_extensions')
    op.drop_table('quiz_round_departments')
    op.drop_table('quiz_question_revisions')
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_user')
        batch_op.drop_index('ix_quiz_attempts_status_deadline')

    op.drop_table('quiz_attempts')
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_rounds_owner_id'))
        batch_op.drop_index('ix_quiz_rounds_kind_status')

    op.drop_table('quiz_rounds')
    with op.batch_alter_table('quiz_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_questions_status'))
        batch_op.drop_index(batch_op.f('ix_quiz_questions_qtype'))
        batch_op.drop_index(batch_op.f('ix_quiz_questions_fingerprint'))

    op.drop_table('quiz_questions')
