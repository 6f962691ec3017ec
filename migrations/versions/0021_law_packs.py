"""以案释法 packs: quiz_law_packs (a pack's subject) and quiz_law_pack_meetings (the meetings each was used at)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 00:25:47.602102
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_law_packs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audit_type', sa.String(length=40), nullable=False),
    sa.Column('guide_slugs', sa.JSON(), nullable=False),
    sa.Column('articles', sa.Text(), nullable=False),
    sa.Column('case_uids', sa.JSON(), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['copied_from_id'], ['quiz_law_packs.id'], name=op.f('fk_quiz_law_packs_copied_from_id_quiz_law_packs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_quiz_law_packs_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_quiz_law_packs_updated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_law_packs'))
    )
    op.create_table('quiz_law_pack_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pack_id', sa.Integer(), nullable=False),
    sa.Column('unit_name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_quiz_law_pack_meetings_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pack_id'], ['quiz_law_packs.id'], name=op.f('fk_quiz_law_pack_meetings_pack_id_quiz_law_packs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_law_pack_meetings'))
    )
    with op.batch_alter_table('quiz_law_pack_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_law_pack_meetings_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_law_pack_meetings_pack_id'), ['pack_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quiz_law_pack_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_law_pack_meetings_pack_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_law_pack_meetings_held_on'))

    op.drop_table('quiz_law_pack_meetings')
    op.drop_table('quiz_law_packs')
