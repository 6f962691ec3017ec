"""Question generation from statute text: candidates whose answer the article alone
determines, kept as drafts for a trainer's review (see service.py)."""
