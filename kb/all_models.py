"""Imports every module that defines tables, so the metadata is complete for migrations."""
from kb import accounts, api_token, bookmark, job, models, security_log  # noqa: F401
