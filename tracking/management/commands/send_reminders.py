from notifications.reminder_command import ReminderCommand
from tracking.notify import send_due_reminders
from tracking.tasks import send_due_reminders_task


class Command(ReminderCommand):
    help = (
        "Send the dispatch reminders due today (rounds closing within two working days or past due, overdue milestones). "
        "Each reminder goes out once; run it from cron or a worker as often as you like."
    )
    send = staticmethod(send_due_reminders)
    task = send_due_reminders_task
