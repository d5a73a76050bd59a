"""Keep the SQLite FTS table free of deleted measures (admin deletes, flushes)."""

from django.db import migrations


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS corpus_measure_fts_delete AFTER DELETE ON corpus_measure "
            "BEGIN DELETE FROM corpus_measure_fts WHERE rowid = old.id; END"
        )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS corpus_measure_fts_delete")


class Migration(migrations.Migration):
    dependencies = [("corpus", "0002_search_index")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
