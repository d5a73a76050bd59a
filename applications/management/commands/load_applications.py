from django.core.management.base import BaseCommand, CommandError

from applications.catalogue import load_sample
from applications.types import ApplicationTypeError, check_references, registry


class Command(BaseCommand):
    help = "Check every application type against the units and rule sets, and load the sample qualification catalogue if none is loaded."

    def handle(self, *args, **options):
        try:
            types = registry()
        except ApplicationTypeError as exc:
            raise CommandError(str(exc)) from exc
        problems = [p for t in types.values() for p in check_references(t)]
        if problems:
            raise CommandError("application types point nowhere:\n  " + "\n  ".join(problems))
        added = load_sample()
        self.stdout.write(
            f"{len(types)} application types checked; {added} sample qualification rows loaded (labelled as samples)"
        )
