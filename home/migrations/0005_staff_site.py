"""Search that stems and folds accents, on both databases.

SQLite: Wagtail's FTS5 table is created with the default tokenizer (accents
folded, no stemming), so "womens" never meets "women's". The table is made
again with the porter stemmer over unicode61 and refilled from the index
entries it mirrors (Wagtail's triggers keep it in step from then on).

PostgreSQL: a text search configuration, settings.SEARCH_CONFIG_POSTGRES,
copied from English with unaccent before the stemmer; the backend uses it
through WAGTAILSEARCH_BACKENDS. Pages indexed before it need
`manage.py update_index`.
"""

from django.conf import settings
from django.db import migrations

FTS = "wagtailsearch_indexentry_fts"
ENTRIES = "wagtailsearch_indexentry"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
            if cursor.fetchone() is None:  # SQLite without FTS5: Wagtail's fallback search
                return
            cursor.execute(f"DROP TABLE {FTS}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title, "
                "tokenize = 'porter unicode61 remove_diacritics 2')"
            )
            cursor.execute(
                f"INSERT INTO {FTS}(rowid, autocomplete, body, title) "
                f"SELECT id, autocomplete, body, title FROM {ENTRIES}"
            )
    elif connection.vendor == "postgresql":
        name = settings.SEARCH_CONFIG_POSTGRES
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = english)")
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {name} "
                    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
                )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
            if cursor.fetchone() is None:
                return
            cursor.execute(f"DROP TABLE {FTS}")
            cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title)")
            cursor.execute(
                f"INSERT INTO {FTS}(rowid, autocomplete, body, title) "
                f"SELECT id, autocomplete, body, title FROM {ENTRIES}"
            )
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {settings.SEARCH_CONFIG_POSTGRES}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_safety_settings"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
