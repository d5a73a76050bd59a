import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from rules.access import INVESTOR_REGIONS, ZONES, AccessQuery, check


class Command(BaseCommand):
    help = "May a foreign investor do this activity, here, at this share? Verdict with citations."

    def add_arguments(self, parser):
        parser.add_argument("activity", help="the activity in Chinese or English, e.g. 互联网数据中心")
        parser.add_argument("--zone", choices=ZONES, required=True)
        parser.add_argument("--foreign-share", type=float, required=True, help="proposed foreign share, 0–100")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument("--investor-region", choices=INVESTOR_REGIONS, default="foreign")
        parser.add_argument("--industry-code", default=None, help="GB/T 4754-2017 class code")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, activity, zone, foreign_share, date, investor_region, industry_code, json: bool, **options):
        try:
            query = AccessQuery(activity, zone, foreign_share, investor_region, date or datetime.date.today(), industry_code)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        answer = check(query)
        if json:
            self.stdout.write(_dumps(answer.as_json()))
            return
        self.stdout.write(
            f"{answer.verdict}"
            + (f" (max foreign share {answer.max_foreign_share:g} %)" if answer.max_foreign_share is not None else "")
        )
        for citation in answer.citations:
            self.stdout.write(
                f"  {citation['rule_set']} item {citation['item']}: {citation['text']}"
                + ("" if citation["verified"] else " [wording unverified]")
            )
        for note in answer.notes + answer.what_if:
            self.stdout.write(f"  · {note}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
