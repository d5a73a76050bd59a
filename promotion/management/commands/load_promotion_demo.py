from directory.demo import DemoCommand
from promotion.demo import load_promotion_demo


class Command(DemoCommand):
    help = "A fictional promotion pipeline with a year of history, the task force and an event. Local use only."

    def handle(self, *args, **options):
        created = load_promotion_demo()
        self.stdout.write(f"promotion demo: {'created' if created else 'already there'}")
