from applications.demo import load_applications_demo
from directory.demo import DemoCommand


class Command(DemoCommand):
    help = "Demo applications of the fictional demo enterprises (run after load_services_demo). Local use only."

    def handle(self, *args, **options):
        created = load_applications_demo()
        self.stdout.write(f"applications demo: {'created' if created else 'already there (or no demo enterprises)'}")
