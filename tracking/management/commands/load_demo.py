from directory.demo import DemoCommand
from tracking.demo import load_demo


class Command(DemoCommand):
    help = (
        "Demo accounts (a coordinator and one per seed unit), tasks for every document and a past dispatch round. Local use only."
    )

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            f"demo: {result.tasks_created} tasks generated; past round {'created' if result.round_created else 'already there'}"
        )
        if result.accounts:
            self.stdout.write("demo accounts (local use only; shown once):")
            for username, password, label in result.accounts:
                self.stdout.write(f"  {username:<34} {password:<52} {label}")
