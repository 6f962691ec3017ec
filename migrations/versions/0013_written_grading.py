"""written answers and grading (阅卷): the grader flag on users, the round setting for
grading while open, each attempt's count of ungraded answers, and the grades

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 14:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_written_grades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.String(length=16), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=True),
    sa.Column('graded_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grader_id'], ['users.id'], name=op.f('fk_quiz_written_grades_grader_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['quiz_attempt_items.id'], name=op.f('fk_quiz_written_grades_item_id_quiz_attempt_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_written_grades')),
    sa.UniqueConstraint('item_id', 'part_id', name=op.f('uq_quiz_written_grades_item_id_part_id'))
    )
    with op.batch_alter_table('quiz_written_grades', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_written_grades_item_id'), ['item_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_grader', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grade_while_open', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ungraded', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_column('ungraded')
    with op.batch_alter_table('quiz_rounds', schema=None) as batch_op:
        batch_op.drop_column('grade_while_open')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_grader')
    with op.batch_alter_table('quiz_written_grades', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_written_grades_item_id'))
    op.drop_table('quiz_written_grades')
