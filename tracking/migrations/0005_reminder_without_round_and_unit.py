from django.db import migrations


class Migration(migrations.Migration):
    """A reminder's key names what it is about (round:3:unit:7:due); the round and unit columns go before the
    reminders move to the notifications app, which knows no rounds or units."""

    dependencies = [
        ("tracking", "0004_reportattachment_content_type"),
    ]

    operations = [
        migrations.RemoveField(model_name="reminder", name="round"),
        migrations.RemoveField(model_name="reminder", name="unit"),
    ]
