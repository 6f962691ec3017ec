"""schedule off by default: a new install's push schedule starts disabled; an existing
install that has been pushing on the old default (rounds opened by the schedule, no
settings saved) gets that setting stored, so the upgrade does not stop its push

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 14:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    has_settings = bind.execute(sa.text("SELECT count(*) FROM push_schedule")).scalar()
    has_pushed = bind.execute(sa.text(
        "SELECT count(*) FROM quiz_rounds WHERE period_key IS NOT NULL")).scalar()
    if has_settings or not has_pushed:
        return
    bind.execute(sa.text(
        "INSERT INTO push_schedule (id, settings, updated_at, version, note) "
        "VALUES (1, :settings, CURRENT_TIMESTAMP, 1, :note)"),
        {"settings": '{"enabled": true}', "note": "升级时保留原默认设置（已启用）"})


def downgrade() -> None:
    pass
