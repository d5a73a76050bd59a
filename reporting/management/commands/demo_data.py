from django.core.management.base import CommandError

from directory.demo import DemoCommand
from reporting.analysis import refresh_and_check
from reporting.demo import generate


class Command(DemoCommand):
    help = "A reproducible fictional population for the statistics function (enterprises, accepted reports, FX and registration feeds, planted anomalies)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=200)
        parser.add_argument("--seed", type=int, default=20251125)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when demo reports exist already (for make run)")

    def handle(self, *args, enterprises: int, seed: int, if_empty: bool, **options):
        if not 1 <= enterprises <= 200_000:
            raise CommandError("--enterprises must be between 1 and 200000")
        from reporting.models import Report

        if if_empty and Report.objects.filter(enterprise__is_demo=True).exists():
            self.stdout.write("demo data: already there")
            return
        population = generate(enterprises, seed)
        counts = refresh_and_check()
        self.stdout.write(
            f"demo data: {population.enterprises} enterprises, {population.reports} reports, {population.fx_rows} FX rows (seed {seed})"
        )
        self.stdout.write("planted: " + ", ".join(f"{k} {len(v)}" for k, v in population.planted.items()))
        self.stdout.write("flags: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
