"""Demo data for the embedded set-up: ``python manage.py demo`` (bin/serve runs it every start).

The data and its loader live in casework/demo. Once the council exists this changes nothing.
"""

from django.core.management.base import BaseCommand

from casework.demo.loader import load_demo
from casework.demo.organisations import ACCOUNTS, COUNCIL, PASSWORD
from casework.demo.stories import STORIES


class Command(BaseCommand):
    help = "Create demo organisations, accounts and cases (does nothing if they exist)."

    def handle(self, *args, **options):
        if load_demo():
            created = f"Created {len(ACCOUNTS)} accounts and {len(STORIES)} cases."
            self.stdout.write(self.style.SUCCESS(created))
        else:
            self.stdout.write(f"Demo data already present ({COUNCIL.name} exists); nothing to do.")
        self.stdout.write(f"\nDemo logins (password for every account: {PASSWORD})\n")
        self.stdout.write(f"  {'username':<9} {'role':<19} {'organisation':<34} try")
        for account in ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<9} {account.role:<19} {account.organisation.name:<34} "
                f"{account.what_to_try}"
            )
        self.stdout.write("")
