"""学法记录 (issue 16): quiz_lectures (法律讲座, 科室讲堂), the statutes each covered, who attended,
and the materials handed out (files kept privately in <data dir>/lectures)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 23:48:41.680470
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_lectures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('speaker', sa.String(length=100), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_quiz_lectures_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_lectures'))
    )
    with op.batch_alter_table('quiz_lectures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_lectures_held_on'), ['held_on'], unique=False)

    op.create_table('quiz_lecture_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['quiz_lectures.id'], name=op.f('fk_quiz_lecture_attendance_lecture_id_quiz_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_lecture_attendance_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_lecture_attendance')),
    sa.UniqueConstraint('lecture_id', 'user_id', name=op.f('uq_quiz_lecture_attendance_lecture_id_user_id'))
    )
    with op.batch_alter_table('quiz_lecture_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_lecture_attendance_user_id'), ['user_id'], unique=False)

    op.create_table('quiz_lecture_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['quiz_lectures.id'], name=op.f('fk_quiz_lecture_materials_lecture_id_quiz_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_quiz_lecture_materials_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_lecture_materials')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_quiz_lecture_materials_stored_name'))
    )
    with op.batch_alter_table('quiz_lecture_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_lecture_materials_lecture_id'), ['lecture_id'], unique=False)

    op.create_table('quiz_lecture_statutes',
    sa.Column('lecture_id', sa.Integer(), nullable=False),
    sa.Column('statute_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lecture_id'], ['quiz_lectures.id'], name=op.f('fk_quiz_lecture_statutes_lecture_id_quiz_lectures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statute_id'], ['statutes.id'], name=op.f('fk_quiz_lecture_statutes_statute_id_statutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lecture_id', 'statute_id', name=op.f('pk_quiz_lecture_statutes'))
    )


def downgrade() -> None:
    op.drop_table('quiz_lecture_statutes')
    with op.batch_alter_table('quiz_lecture_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_lecture_materials_lecture_id'))

    op.drop_table('quiz_lecture_materials')
    with op.batch_alter_table('quiz_lecture_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_lecture_attendance_user_id'))

    op.drop_table('quiz_lecture_attendance')
    with op.batch_alter_table('quiz_lectures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_lectures_held_on'))

    op.drop_table('quiz_lectures')
