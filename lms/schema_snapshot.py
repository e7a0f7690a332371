"""A new SQLite database in a second instead of half a minute: `make run`'s first start.

Migrating an empty database applies some 200 migrations, and Django re-renders the models'
state after nearly every operation: about 30 s of CPU on a 2-core machine, most of a
newcomer's first minute (issue 15). The result is always the same database, so
`manage.py schema_snapshot` keeps it as SQL (lms/schema_snapshot.sql: the schema, the rows
the migrations write, and the list of applied migrations), and `prepare_demo` loads that
into a new SQLite database before running `migrate` as usual.

It is used only when it is exactly what the migrations would build: its first line holds a
fingerprint of every installed app's migration files and of Django's version, and a snapshot
whose fingerprint differs from the code's is ignored (a plain migrate runs instead, slower but
the same). tests/lms/test_first_minute.py fails when the snapshot is stale, and compares its
schema with the test database's, which the migrations built. PostgreSQL and any database that
already has tables always migrate the usual way.
"""

import hashlib
import sqlite3
from pathlib import Path

import django
from django.apps import apps

SNAPSHOT_PATH = Path(__file__).resolve().parent / "schema_snapshot.sql"
FINGERPRINT_PREFIX = "-- migrations fingerprint: "


def migrations_fingerprint() -> str:
    """A hash of Django's version and of every installed app's migration files (names and
    contents): any new or changed migration, ours or a library's, changes it."""
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(f"\n{config.label}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def snapshot_sql_from(database_path: str) -> str:
    """The SQL that rebuilds the (freshly migrated) SQLite database at `database_path`, headed
    by the code's fingerprint. Migration timestamps are blanked so the file changes only when
    the migrations do; loading sets them to the load time."""
    source = sqlite3.connect(database_path)
    try:
        source.execute("UPDATE django_migrations SET applied = '2000-01-01 00:00:00'")
        virtual = dict(
            source.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
        )
        lines = _virtual_tables_created(source.iterdump(), virtual)
    finally:
        source.rollback()
        source.close()
    return f"{FINGERPRINT_PREFIX}{migrations_fingerprint()}\n" + "\n".join(lines) + "\n"


def _virtual_tables_created(lines, virtual: dict[str, str]) -> list[str]:
    """iterdump writes a virtual table (the search index's FTS5 table) straight into
    sqlite_master and copies its shadow tables; a plain CREATE VIRTUAL TABLE makes both, and
    needs no writable schema."""
    shadows = tuple(f"CREATE TABLE '{name}_" for name in virtual) + tuple(
        f'INSERT INTO "{name}_' for name in virtual
    )
    kept = []
    for line in lines:
        if line.startswith("PRAGMA writable_schema") or (shadows and line.startswith(shadows)):
            continue
        if line.startswith("INSERT INTO sqlite_master"):
            name = next(name for name in virtual if f"'{name}'" in line)
            line = virtual[name] + ";"
        kept.append(line)
    return kept


def snapshot_fingerprint(path: Path = SNAPSHOT_PATH) -> str | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        first = handle.readline().strip()
    return first.removeprefix(FINGERPRINT_PREFIX) if first.startswith(FINGERPRINT_PREFIX) else None


def snapshot_load(connection, path: Path = SNAPSHOT_PATH) -> str:
    """Load the snapshot into `connection`'s database if it is a new SQLite database and the
    snapshot is current; returns what happened, for the command to print."""
    if connection.vendor != "sqlite":
        return "not SQLite: migrating"
    if connection.introspection.table_names():
        return "the database has tables: migrating"
    if snapshot_fingerprint(path) != migrations_fingerprint():
        return f"{path.name} is missing or stale (manage.py schema_snapshot): migrating"
    connection.ensure_connection()
    raw = connection.connection
    # Tables come in name order, so a row may arrive before the table it refers to: foreign
    # keys are checked once, after the dump's own BEGIN ... COMMIT.
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript(path.read_text(encoding="utf-8"))
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        broken = cursor.fetchall()
        if broken:
            raise RuntimeError(f"{path.name} breaks foreign keys: {broken[:5]}")
        cursor.execute("UPDATE django_migrations SET applied = datetime('now')")
    return f"database created from {path.name}"
