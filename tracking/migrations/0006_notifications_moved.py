from django.db import migrations


class Migration(migrations.Migration):
    """The tables now belong to notifications (its 0001 took them over); only the ledger's state lets go here."""

    dependencies = [
        ("tracking", "0005_reminder_without_round_and_unit"),
        ("notifications", "0001_from_tracking"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification"), migrations.DeleteModel(name="Reminder")],
            database_operations=[],
        ),
    ]
