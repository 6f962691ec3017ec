"""The quiz engine's transactions are the knowledge base's (core.transactions): one way
to write under concurrency on SQLite and PostgreSQL for every layer."""
from core.transactions import SessionFactory, read_session, write_session  # noqa: F401
