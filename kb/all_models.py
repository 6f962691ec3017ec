"""Imports every module that defines tables, so the metadata is complete for migrations."""
from kb import accounts, models  # noqa: F401
