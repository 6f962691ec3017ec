"""The admin area: one parent blueprint at /admin, admins only; each page is a child
blueprint (users, departments, imports, audit) and inherits the guard.  Later features
nest their admin pages here too."""
from __future__ import annotations

from flask import Blueprint

from accounts.user import ROLE_ADMIN
from webapp.views import (admin_audit, admin_departments, admin_imports, admin_legal_time,
                          admin_notices, admin_schedule, admin_users)

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.access = ROLE_ADMIN
for child in (admin_users.bp, admin_departments.bp, admin_imports.bp, admin_schedule.bp,
              admin_notices.bp, admin_audit.bp, admin_legal_time.bp):
    bp.register_blueprint(child)
