"""Reading a whole database for comparisons, on either backend: every table's rows."""
from __future__ import annotations

from sqlalchemy import create_engine, inspect, text


def database_rows(url: str) -> dict[str, list]:
    """Every table's rows, sorted, keyed by table name (the schema's own tables only)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {name: sorted((tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),
                                 key=repr)
                    for name in sorted(inspect(connection).get_table_names())}
    finally:
        engine.dispose()
