from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from promotion.demo import load_promotion_demo


class Command(BaseCommand):
    help = "A fictional promotion pipeline with a year of history, the task force and an event. Local use only."

    def handle(self, *args, **options):
        if not settings.DEBUG and settings.SECRET_KEY and not settings.SECRET_KEY.startswith("investbj-insecure"):
            raise CommandError("load_promotion_demo writes demo data; it runs only in development.")
        created = load_promotion_demo()
        self.stdout.write(f"promotion demo: {'created' if created else 'already there'}")
