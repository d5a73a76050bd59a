"""A district office's bulk import from the command line (the same checks and all-or-nothing rule as the
import page): every row is checked first, then all reports are written in one transaction, or none; a
progress bar on stderr follows the checking."""

from pathlib import Path
from typing import TextIO, cast

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.models import Unit
from jobs.progressbar import ProgressBar
from jobs.runner import Progress
from office.tables import ImportRefused
from reporting import bulk, permissions


class Command(BaseCommand):
    help = "Import information reports from an Excel or CSV file for a district office, all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the district reviewer importing (username)")

    def handle(self, *args, file: Path, user: str, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user!r}")
        districts = permissions.review_districts(account)
        if not districts:
            raise CommandError(f"{user} is not a district reviewer")
        district = Unit.objects.get(pk=sorted(districts)[0])
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot be read ({exc.strerror or exc})") from exc
        try:
            progress = Progress(echo=ProgressBar(cast(TextIO, self.stderr._out)))
            reports = bulk.import_reports(file.name, content, district, account, progress=progress)
        except ImportRefused as exc:
            raise CommandError("nothing was imported:\n" + "\n".join(exc.problems)) from exc
        self.stdout.write(f"imported {len(reports)} reports for {district.name}; all are in district review")
