"""The full-text index: an FTS5 table on SQLite, a GIN expression index on PostgreSQL."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Tokens are pre-segmented by jieba and space-separated, so unicode61
        # sees each Chinese word as one token.
        schema_editor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS corpus_measure_fts USING fts5(tokens, tokenize='unicode61')")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS corpus_measure_search_gin ON corpus_measure USING GIN (to_tsvector('simple', search_text))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS corpus_measure_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS corpus_measure_search_gin")


class Migration(migrations.Migration):
    dependencies = [("corpus", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
