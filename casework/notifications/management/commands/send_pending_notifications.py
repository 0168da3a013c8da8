from django.core.management.base import BaseCommand

from casework.notifications.services import pending_send


class Command(BaseCommand):
    help = "Send immediate notifications that were not sent when due (for cron)."

    def handle(self, **options):
        self.stdout.write(f"{pending_send()} notification(s) sent")
