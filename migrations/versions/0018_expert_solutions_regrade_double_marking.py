"""专家解题 with 示范答案, 申请复核 and 双评: the round's double-marking threshold and re-grade
window, each attempt's time its grading finished, the author's consent to be named and the
grader's exemplary choice, every grader's marks under double marking, and re-grade requests

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 17:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_grade_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.String(length=16), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('graded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['grader_id'], ['users.id'], name=op.f('fk_quiz_grade_marks_grader_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['quiz_attempt_items.id'], name=op.f('fk_quiz_grade_marks_item_id_quiz_attempt_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_grade_marks')),
    sa.UniqueConstraint('item_id', 'part_id', 'grader_id', name=op.f('uq_quiz_grade_marks_item_id_part_id_grader_id'))
    )
    with op.batch_alter_table('quiz_grade_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_grade_marks_item_id'), ['item_id'], unique=False)
    op.create_table('quiz_regrade_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('previous_points', sa.Float(), nullable=False),
    sa.Column('grader_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('points', sa.Float(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'], name=op.f('fk_quiz_regrade_requests_attempt_id_quiz_attempts')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_quiz_regrade_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['quiz_attempt_items.id'], name=op.f('fk_quiz_regrade_requests_item_id_quiz_attempt_items')),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_questions.id'], name=op.f('fk_quiz_regrade_requests_question_id_quiz_questions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_regrade_requests_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_regrade_requests')),
    sa.UniqueConstraint('item_id', 'part_id', name=op.f('uq_quiz_regrade_requests_item_id_part_id'))
    )
    with op.batch_alter_table('quiz_regrade_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_regrade_requests_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_regrade_requests_status'), ['status'], unique=False)
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('double_marking_threshold', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('regrade_days', sa.Integer(), server_default='3', nullable=False))
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('graded_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('quiz_attempt_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_exemplary', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('quiz_written_grades', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exemplary', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('quiz_written_grades', schema=None) as batch_op:
        batch_op.drop_column('exemplary')
    with op.batch_alter_table('quiz_attempt_items', schema=None) as batch_op:
        batch_op.drop_column('named_exemplary')
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_column('graded_at')
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.drop_column('regrade_days')
        batch_op.drop_column('double_marking_threshold')
    with op.batch_alter_table('quiz_regrade_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_regrade_requests_status'))
        batch_op.drop_index(batch_op.f('ix_quiz_regrade_requests_attempt_id'))
    op.drop_table('quiz_regrade_requests')
    with op.batch_alter_table('quiz_grade_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_grade_marks_item_id'))
    op.drop_table('quiz_grade_marks')
