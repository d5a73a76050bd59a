from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_reminder_to_coordinators"),
    ]

    operations = [
        # Attachments share one shape (attachments.models.StoredFile); files uploaded before it had no type recorded.
        migrations.AddField(
            model_name="reportattachment",
            name="content_type",
            field=models.CharField(default="application/octet-stream", max_length=100, verbose_name="类型"),
            preserve_default=False,
        ),
    ]
