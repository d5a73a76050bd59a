from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications.catalogue import CatalogueImportError, Edition, import_workbook


class Command(BaseCommand):
    help = "Import one edition of 北京市境外职业资格认可目录 from its spreadsheet (all rows or none); earlier editions are kept."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", required=True, help="the catalogue version, e.g. 4.0")
        parser.add_argument("--title", default="北京市境外职业资格认可目录")
        parser.add_argument("--issuer", default="北京市人力资源和社会保障局")
        parser.add_argument("--published", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--source", default="", help="where the file came from (URL or document number)")
        parser.add_argument("--official", action="store_true", help="the file is the official published catalogue")
        parser.add_argument("--current", action="store_true", help="make this edition the one applications choose from")

    def handle(self, *args, file: Path, **options):
        edition = Edition(
            version=options["edition"],
            title=options["title"],
            issuer=options["issuer"],
            published_on=options["published"],
            source=options["source"],
            official=options["official"],
            current=options["current"],
        )
        try:
            version = import_workbook(file, edition)
        except CatalogueImportError as exc:
            raise CommandError("nothing imported:\n  " + "\n  ".join(exc.problems)) from exc
        self.stdout.write(f"imported {version.entries.count()} entries as version {version.version}")
