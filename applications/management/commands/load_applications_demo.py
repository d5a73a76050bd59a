from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from applications.demo import load_applications_demo


class Command(BaseCommand):
    help = "Demo applications of the fictional demo enterprises (run after load_services_demo). Local use only."

    def handle(self, *args, **options):
        if not settings.DEBUG and settings.SECRET_KEY and not settings.SECRET_KEY.startswith("investbj-insecure"):
            raise CommandError("load_applications_demo writes demo data; it runs only in development.")
        created = load_applications_demo()
        self.stdout.write(f"applications demo: {'created' if created else 'already there (or no demo enterprises)'}")
