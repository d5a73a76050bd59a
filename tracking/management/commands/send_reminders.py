from django.core.management.base import BaseCommand
from django.utils import timezone

from tracking.notify import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the dispatch reminders due today (rounds closing within two working days or past due, overdue milestones). "
        "Each reminder goes out once; run it from cron or a worker as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="site address used in the links")

    def handle(self, *args, base_url: str, **options):
        sent = send_due_reminders(timezone.localdate(), base_url.rstrip("/"))
        for reminder in sent:
            to = reminder.unit.name if reminder.unit else "coordinators"
            self.stdout.write(f"sent: {reminder.subject} → {to} ({', '.join(reminder.recipients)})")
        self.stdout.write(f"{len(sent)} reminders sent")
