"""The nine cross-checks from the command line (cron, or by hand), with a progress bar on stderr."""

from django.core.management.base import BaseCommand

from jobs.progressbar import ProgressBar
from jobs.runner import run_here


class Command(BaseCommand):
    help = "Snapshot the information reports, run the nine cross-checks and keep their findings as flags."

    def handle(self, *args, **options):
        import reporting.job_kinds  # noqa: F401  (registers the job)

        result = run_here("reporting.checks", ProgressBar(self.stderr._out))
        for name, count in result["counts"].items():
            self.stdout.write(f"{name:<24} {count:>6}")
        self.stdout.write(f"{result['findings']} findings in all")
