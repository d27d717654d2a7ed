"""Every table's rows at one moment, and a quick way to put them back.

Building the demo site (`load_demo_content`) takes 6-16 s; tests/conftest.py
builds it once per test session and gives each test that asks for it a fresh
copy through `Snapshot.restore()`, which takes a fraction of a second.

- PostgreSQL: each table is copied into a schema of its own (`CREATE TABLE
  <schema>.<table> AS TABLE <table>`); a restore is one round trip: DELETE
  from every table, INSERT ... SELECT from the copies, then every sequence
  set past the highest id.
- SQLite: the rows are few (about 4,500 for the demo), so they are kept in
  memory and put back with DELETE and executemany. Full-text tables
  (Wagtail's FTS5 index) are left out: triggers on wagtailsearch_indexentry
  keep them in step with the rows put back.

Both run inside `transaction.atomic()`: within a test's transaction (the `db`
fixture) the restore is rolled back with the test; for transactional tests it
commits, and pytest-django's flush empties the tables afterwards as usual.
`django_migrations` is never copied: the schema belongs to the migrations,
the snapshot only to the rows. A test that migrates back must migrate forward
again (the migration tests do, in `finally`); if it did not, a restore stops
with an error that says so rather than putting rows into the wrong columns.

Media files the demo writes (images, PDFs, audio) are not in the database:
`MediaFiles` copies the ones made during the build aside and puts back any
that a test deleted.
"""

# Table, column and sequence names below come from the database's own
# catalogue and are quoted; no value from outside reaches the SQL.
# ruff: noqa: S608

import shutil
from pathlib import Path

from django.db import DatabaseError, connection, transaction

SKIPPED = {"django_migrations", "sqlite_sequence"}


def _quote(name):
    return connection.ops.quote_name(name)


def _sqlite_tables(cursor):
    """Ordinary tables, without FTS virtual tables and their shadow tables."""
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    rows = cursor.fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _ in rows
        if name not in SKIPPED
        and not name.startswith("sqlite_")
        and not any(name == v or name.startswith(f"{v}_") for v in virtual)
    ]


class Snapshot:
    """Take with `Snapshot.take(label)`; `restore()` as often as needed."""

    def __init__(self, label):
        self.label = label
        self.tables = {}  # table -> list of columns
        self.rows = {}  # SQLite only: table -> list of row tuples
        self.sequences = []  # PostgreSQL only: (sequence, table, column)
        self.filled = set()  # PostgreSQL only: the tables with rows

    @property
    def schema(self):
        return f"snapshot_{self.label}"

    @classmethod
    def take(cls, label):
        snapshot = cls(label)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                snapshot._take_postgresql(cursor)
            elif connection.vendor == "sqlite":
                snapshot._take_sqlite(cursor)
            else:  # pragma: no cover - the project runs on these two
                raise NotImplementedError(connection.vendor)
        return snapshot

    def _take_sqlite(self, cursor):
        for table in _sqlite_tables(cursor):
            cursor.execute(f"SELECT * FROM {_quote(table)}")
            self.tables[table] = [column[0] for column in cursor.description]
            self.rows[table] = cursor.fetchall()

    def _take_postgresql(self, cursor):
        schema = _quote(self.schema)
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
        for table in connection.introspection.table_names(cursor):
            if table in SKIPPED:
                continue
            cursor.execute(f"CREATE TABLE {schema}.{_quote(table)} AS TABLE {_quote(table)}")
            cursor.execute(f"SELECT * FROM {schema}.{_quote(table)} LIMIT 1")
            self.tables[table] = [column.name for column in cursor.description]
            if cursor.fetchone():
                self.filled.add(table)
            for sequence in connection.introspection.get_sequences(cursor, table):
                self.sequences.append((sequence["name"], table, sequence["column"]))

    def restore(self):
        """Every table holds what it held when the snapshot was taken."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(self._postgresql_sql())
                else:
                    self._restore_sqlite(cursor)
        except DatabaseError as error:
            raise RuntimeError(
                f"could not restore the {self.label} snapshot ({error}); has a test left "
                "the database migrated back? Migration tests must migrate forward again."
            ) from error

    def _restore_sqlite(self, cursor):
        cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table in _sqlite_tables(cursor):
            cursor.execute(f"DELETE FROM {_quote(table)}")
        for table, columns in self.tables.items():
            if self.rows[table]:
                names = ", ".join(_quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", self.rows[table]
                )

    def _postgresql_sql(self):
        # DELETE, not TRUNCATE: with a few thousand rows it is many times
        # faster (TRUNCATE makes new files for every table and index), and it
        # works after other rows were written in the same transaction.
        # Django's foreign keys are deferred, so the order does not matter.
        schema = _quote(self.schema)
        statements = ["SET CONSTRAINTS ALL DEFERRED"]
        statements += [f"DELETE FROM {_quote(table)}" for table in self.tables]
        for table, columns in self.tables.items():
            if table not in self.filled:
                continue
            names = ", ".join(_quote(c) for c in columns)
            statements.append(
                f"INSERT INTO {_quote(table)} ({names}) "
                f"SELECT {names} FROM {schema}.{_quote(table)}"
            )
        for sequence, table, column in self.sequences:
            column, sequence = _quote(column), sequence.replace("'", "''")
            statements.append(
                f"SELECT setval('{sequence}', COALESCE(MAX({column}), 1), "
                f"MAX({column}) IS NOT NULL) FROM {_quote(table)}"
            )
        return ";\n".join(statements)


class MediaFiles:
    """The files a build added under MEDIA_ROOT, kept aside to put back."""

    def __init__(self, root, keep):
        self.root, self.keep = Path(root), Path(keep)
        self.before = self._files()
        self.added = []

    def _files(self):
        if not self.root.exists():
            return set()
        return {p.relative_to(self.root) for p in self.root.rglob("*") if p.is_file()}

    def keep_new(self):
        """Call after the build: copy aside every file it added."""
        shutil.rmtree(self.keep, ignore_errors=True)
        self.added = sorted(self._files() - self.before)
        for name in self.added:
            (self.keep / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.root / name, self.keep / name)

    def restore(self):
        """Put back any of the build's files that a test removed."""
        for name in self.added:
            if not (self.root / name).exists():
                (self.root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.keep / name, self.root / name)
