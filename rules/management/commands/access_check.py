import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from rules.access import INVESTOR_REGIONS, ZONES, AccessQuery, check


def _yes_no(value: str) -> bool:
    if value not in ("yes", "no"):
        raise ValueError(value)
    return value == "yes"


class Command(BaseCommand):
    help = "May a foreign investor do this activity, here, at this share? Verdict in words, with what it rests on."

    def add_arguments(self, parser):
        parser.add_argument("activity", help="the activity in Chinese or English, e.g. 互联网数据中心")
        parser.add_argument("--zone", choices=ZONES, required=True)
        parser.add_argument("--foreign-share", type=float, required=True, help="proposed foreign share, 0–100")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument("--investor-region", choices=INVESTOR_REGIONS, default="foreign")
        parser.add_argument("--industry-code", default=None, help="GB/T 4754-2017 class code")
        parser.add_argument(
            "--largest-investor-share",
            type=float,
            default=None,
            help="the largest single foreign investor's share with its affiliates (default: the whole foreign share)",
        )
        parser.add_argument(
            "--legal-rep-chinese",
            type=_yes_no,
            default=None,
            metavar="yes|no",
            help="is the legal representative a Chinese national?",
        )
        parser.add_argument("--activity-id", default=None, help="a catalogue activity, as listed under alternatives")
        parser.add_argument("--language", choices=("en", "zh-hans"), default="en", help="the language of the words (default en)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, activity, zone, foreign_share, date, investor_region, industry_code, json: bool, language, **options):
        try:
            query = AccessQuery(
                activity,
                zone,
                foreign_share,
                investor_region,
                date or datetime.date.today(),
                industry_code,
                largest_investor_share=options["largest_investor_share"],
                legal_rep_chinese=options["legal_rep_chinese"],
                activity_id=options["activity_id"],
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        answer = check(query)
        if json:
            self.stdout.write(_dumps(answer.as_json(language)))
            return
        with translation.override(language):
            self._print(answer)

    def _print(self, answer) -> None:
        data = answer.as_json(translation.get_language())
        activity = data["activity"]["name"] if data["activity"] else "—"
        self.stdout.write(f"{activity}: {data['verdict_text']}")
        for line in data["reasons"] + [c["text"] for c in data["conditions"]]:
            self.stdout.write(f"  - {line}")
        for citation in data["citations"]:
            self.stdout.write(f"  《{citation['document']}》 {citation['item']}: {citation['text']}")
            self.stdout.write(f"    {citation['role_text']}; {citation['evidence_text']}")
        for alternative in data["alternatives"]:
            self.stdout.write(f"  ? {alternative['name']}: {alternative['verdict_text']}  (--activity-id {alternative['id']})")
        for note in data["notes"] + data["what_if"]:
            self.stdout.write(f"  · {note}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
