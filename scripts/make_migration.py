"""Developer tool: write a new Alembic revision from the difference between the models and
the schema the existing migrations build.  Usage: python scripts/make_migration.py 0003 "cases"
"""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command  # noqa: E402

from core.db import Database, alembic_config  # noqa: E402


def main() -> None:
    rev_id, message = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/schema.sqlite3")
        db.upgrade()
        config = alembic_config(db.engine)
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        db.dispose()


if __name__ == "__main__":
    main()
