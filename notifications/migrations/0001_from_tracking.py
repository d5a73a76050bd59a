import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Notifications and reminders were the ledger's (tracking); they move here with their rows: the tables are
    taken over as they are (state only), then renamed."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("tracking", "0005_reminder_without_round_and_unit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("message", models.CharField(max_length=500, verbose_name="内容")),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="链接")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="已读时间")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "站内通知",
                        "verbose_name_plural": "站内通知",
                        "ordering": ["-created_at"],
                        "db_table": "tracking_notification",
                        "indexes": [models.Index(fields=["user", "read_at"], name="tracking_no_user_id_511abd_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=120, unique=True, verbose_name="提醒键")),
                        ("subject", models.CharField(max_length=300, verbose_name="主题")),
                        ("recipients", models.JSONField(default=list, verbose_name="收件人")),
                        ("sent_at", models.DateTimeField(auto_now_add=True, verbose_name="发送时间")),
                        (
                            "sent_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="发送人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "催报提醒",
                        "verbose_name_plural": "催报提醒",
                        "ordering": ["-sent_at"],
                        "db_table": "tracking_reminder",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AlterModelTable(name="reminder", table=None),
        migrations.RenameIndex(
            model_name="notification", new_name="notification_unread_idx", old_name="tracking_no_user_id_511abd_idx"
        ),
    ]
