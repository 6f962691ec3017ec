"""The work queue (issue 17): Huey's tables (huey_task, huey_schedule, huey_kv,
huey_counter; used on PostgreSQL, where the queue lives in the application's database —
on SQLite it has its own file, core.work_queue says why) and, on jobs, the attempts made
and the worker running one, so a job whose worker died is retried or failed with the reason;
job_files, what an export job produced, for its starter to download from any app server.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 23:55:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('huey_task',
    sa.Column('id', _ID, nullable=False),
    sa.Column('queue', sa.Text(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('priority', sa.Float(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_huey_task'))
    )
    op.create_index('huey_task_queue_priority_id', 'huey_task', ['queue', 'priority', 'id'], unique=False)
    op.create_table('huey_schedule',
    sa.Column('id', _ID, nullable=False),
    sa.Column('queue', sa.Text(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('timestamp', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_huey_schedule'))
    )
    op.create_index('huey_schedule_queue_timestamp', 'huey_schedule', ['queue', 'timestamp'], unique=False)
    op.create_table('huey_kv',
    sa.Column('queue', sa.Text(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('queue', 'key', name=op.f('pk_huey_kv'))
    )
    op.create_table('huey_counter',
    sa.Column('queue', sa.Text(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.BigInteger(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('queue', 'key', name=op.f('pk_huey_counter'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('worker', sa.String(length=100), server_default='', nullable=False))
    op.create_table('job_files',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_files_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_files'))
    )
    op.create_index(op.f('ix_job_files_created_at'), 'job_files', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_job_files_created_at'), table_name='job_files')
    op.drop_table('job_files')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('worker')
        batch_op.drop_column('attempts')
    op.drop_table('huey_counter')
    op.drop_table('huey_kv')
    op.drop_index('huey_schedule_queue_timestamp', table_name='huey_schedule')
    op.drop_table('huey_schedule')
    op.drop_index('huey_task_queue_priority_id', table_name='huey_task')
    op.drop_table('huey_task')
