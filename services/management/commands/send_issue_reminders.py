from notifications.reminder_command import ReminderCommand
from services.notify import send_issue_reminders
from services.tasks import send_issue_reminders_task


class Command(ReminderCommand):
    help = (
        "Remind owner units of issues due the next working day, and tell owner units and coordinators about overdue issues. "
        "Each reminder goes out once; run it from cron or a worker as often as you like."
    )
    send = staticmethod(send_issue_reminders)
    task = send_issue_reminders_task
    noun = "issue reminders"
