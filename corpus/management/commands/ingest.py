import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from corpus.extract import IngestError
from corpus.ingest import ingest_file, lexicon_from_database
from corpus.models import Document


class Command(BaseCommand):
    help = "Ingest policy documents (.txt, .pdf, .docx, .html) into measures and responsible units."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--json", action="store_true", help="print one JSON object per file")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, store nothing")

    def handle(self, *args, files, json: bool, dry_run: bool, **options):
        if Document._meta.db_table not in connection.introspection.table_names():
            raise CommandError(
                "the database has no investbj tables yet: run `investbj migrate` and `investbj load-reference` "
                "(or `make run`) first",
                returncode=2,
            )
        lexicon = lexicon_from_database()
        errors: list[str] = []
        for path in files:
            try:
                outcome = ingest_file(path, dry_run=dry_run, lexicon=lexicon)
            except IngestError as exc:
                errors.append(str(exc))
                if len(files) > 1:
                    self.stderr.write(f"error: {exc}")
                continue
            if json:
                self.stdout.write(_dumps(outcome.parsed.as_json()))
            else:
                doc = outcome.parsed
                self.stdout.write(
                    f"{outcome.action}: {path} → 《{doc.title}》 {len(doc.sections)} sections, "
                    f"{len(doc.measures)} {'articles' if doc.structure == 'articles' else 'measures'}, "
                    f"{sum(len(m.unit_groups) for m in doc.measures)} unit groups" + ("" if doc.complete else " (incomplete)")
                )
        if len(errors) == 1 and len(files) == 1:
            raise CommandError(errors[0], returncode=1)
        if errors:
            raise CommandError(f"{len(errors)} of {len(files)} files could not be ingested", returncode=1)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
