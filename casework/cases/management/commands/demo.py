"""Demo data for the embedded set-up: ``python manage.py demo`` (bin/serve runs it every start).

The data and its loader live in casework/demo. Once the council exists this changes nothing.
"""

from django.core.management.base import BaseCommand

from casework.demo.loader import load_demo
from casework.demo.organisations import ACCOUNTS, APPLICATION, COUNCIL, INVITATION, PASSWORD
from casework.demo.stories import STORIES
from casework.notifications.emails import absolute_url


class Command(BaseCommand):
    help = "Create demo organisations, accounts and cases (does nothing if they exist)."

    def handle(self, *args, **options):
        link = load_demo()
        if link:
            created = f"Created {len(ACCOUNTS)} accounts and {len(STORIES)} cases."
            self.stdout.write(self.style.SUCCESS(created))
            self.stdout.write(
                f"\nAn application waits for the council: {APPLICATION.name} "
                "(sign in as director, then Organisations)."
                f"\nAn open invitation ({INVITATION.role}, {INVITATION.by.organisation.name}); "
                f"its link, shown this once:\n  {absolute_url(link)}"
            )
        else:
            self.stdout.write(f"Demo data already present ({COUNCIL.name} exists); nothing to do.")
            self.stdout.write(
                f"The invitation's link was shown when the demo was loaded; for a new one, sign "
                f"in as {INVITATION.by.username}, open My organisation and send the invitation "
                "again (with the console e-mail backend the link shows in the server's output)."
            )
        self.stdout.write(f"\nDemo logins (password for every account: {PASSWORD})\n")
        self.stdout.write(f"  {'username':<9} {'role':<19} {'organisation':<34} try")
        for account in ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<9} {account.role:<19} {account.organisation.name:<34} "
                f"{account.what_to_try}"
            )
        self.stdout.write("")
