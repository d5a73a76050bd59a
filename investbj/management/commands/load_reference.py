from typing import Any

from django.core.management.base import BaseCommand, CommandError

from corpus.models import Document
from corpus.translations import apply_translations
from directory.reference import ReferenceDataError, load_directory


class Command(BaseCommand):
    help = "Load reference data (unit registry, zones, English translations) from the apps' data files. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_directory()
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        translated = sum(apply_translations(doc) for doc in Document.objects.all())
        self.stdout.write(
            f"loaded {counts['units']} units, {counts['zones']} zones; translations applied to {translated} documents"
        )
