"""Print the URL of an empty database for `make migrations-check` ("upgrade from empty").

SQLite: a new file in a temporary folder. PostgreSQL: a database named after the given one
plus "_migcheck" on the same server, dropped and created afresh, so the check never runs on
a database another run left at an older (or amended) revision, and never touches the
database the URL names.
"""

import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import database_url  # noqa: E402


def scratch(url: str) -> str:
    parsed = make_url(database_url(url))
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'check.sqlite'}"
    name = f"{parsed.database}_migcheck"
    engine = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    print(scratch(sys.argv[1] if len(sys.argv) > 1 else ""))
