"""Imports every module that defines tables, so the metadata is complete for migrations."""
from kb import accounts, models  # noqa: F401
from quizzes import models as quiz_models  # noqa: F401
