from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracking.demo import load_demo


class Command(BaseCommand):
    help = (
        "Demo accounts (a coordinator and one per seed unit), tasks for every document and a past dispatch round. Local use only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG and settings.SECRET_KEY and not settings.SECRET_KEY.startswith("investbj-insecure"):
            raise CommandError(
                "load_demo creates accounts with published passwords; it runs only in development (DEBUG or INVESTBJ_DEV)."
            )
        result = load_demo()
        self.stdout.write(
            f"demo: {result.tasks_created} tasks generated; past round {'created' if result.round_created else 'already there'}"
        )
        if result.accounts:
            self.stdout.write("demo accounts (local use only; shown once):")
            for username, password, label in result.accounts:
                self.stdout.write(f"  {username:<34} {password:<52} {label}")
