from directory.demo import DemoCommand
from services.demo import load_services_demo


class Command(DemoCommand):
    help = (
        "Fictional demo enterprises (marked as demo), partners, issues in several states and a past roundtable. Local use only."
    )

    def handle(self, *args, **options):
        result = load_services_demo()
        self.stdout.write(f"services demo: {'created' if result.created else 'already there'}")
        if result.accounts:
            self.stdout.write("demo accounts (local use only; shown once):")
            for username, password, label in result.accounts:
                self.stdout.write(f"  {username:<34} {password:<52} {label}")
