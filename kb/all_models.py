"""Imports every module that defines tables, so the metadata is complete for migrations."""
from accounts import api_token, login_throttle, security_log, user  # noqa: F401
from core import job, work_queue  # noqa: F401
from kb import bookmark, follow, library_changes, models, version_admin  # noqa: F401
from kb.cases import models as case_models  # noqa: F401
from kb.citations import models as citation_models  # noqa: F401
from kb.guide import models as guide_models  # noqa: F401
from kb.legal_time import models as legal_time_models  # noqa: F401
from kb.search import feed as search_feed  # noqa: F401
