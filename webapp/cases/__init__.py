"""Audit cases: pages, forms, files, revision history, audit types and the cases API."""
