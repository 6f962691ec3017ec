"""The admin area: one parent blueprint at /admin, admins only; each page is a child
blueprint (users, departments, imports, audit) and inherits the guard.  Later features
nest their admin pages here too."""
from __future__ import annotations

from flask import Blueprint

from accounts.user import ROLE_ADMIN
from webapp.admin import (audit, coverage, departments, imports, intake, legal_time, notices, users,
                          versions)
from webapp.rounds import schedule

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.access = ROLE_ADMIN
for child in (users.bp, departments.bp, imports.bp, intake.bp, coverage.bp, schedule.bp, notices.bp, audit.bp,
              legal_time.bp, versions.bp):
    bp.register_blueprint(child)
