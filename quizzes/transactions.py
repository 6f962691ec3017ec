"""The quiz engine's transactions are the knowledge base's (kb.transactions): one way
to write under concurrency on SQLite and PostgreSQL for every layer."""
from kb.transactions import SessionFactory, read_session, write_session  # noqa: F401
