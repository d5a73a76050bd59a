import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rules.matcher import ProfileError, match


class Command(BaseCommand):
    help = "Which measures apply to an enterprise profile (JSON file), why, and whom to contact."

    def add_arguments(self, parser):
        parser.add_argument("profile", type=Path, help="profile JSON file")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, profile: Path, date, json: bool, **options):
        try:
            raw = _load(profile)
            result = match(raw, date)
        except ProfileError as exc:
            raise CommandError(f"{profile}: {exc}", returncode=2) from exc
        data = result.as_json()
        if json:
            self.stdout.write(_dumps(data))
            return
        for item in data["matches"]:
            units = "、".join(u["name"] for u in item["units"])
            self.stdout.write(
                f"✔ {item['document']} 第{item['measure']}条 {item['title'] or ''}: {item['benefit']}"
                + (f" — {units}" if units else "")
            )
        for item in data["near_misses"]:
            missing = ", ".join(m["label"] for m in item["missing"])
            self.stdout.write(f"… {item['document']} 第{item['measure']}条: {item['benefit']} (missing: {missing})")
        for unknown in data["unknowns_that_matter"]:
            self.stdout.write(f"? {unknown['question']}")


def _load(path: Path) -> dict:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"cannot be read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise ProfileError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(raw, dict):
        raise ProfileError("the profile must be a JSON object")
    return raw


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
