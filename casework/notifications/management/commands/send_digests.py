from django.core.management.base import BaseCommand

from casework.notifications.services import digests_send


class Command(BaseCommand):
    help = "E-mail each user who chose the daily digest their unsent notifications (for cron)."

    def handle(self, **options):
        self.stdout.write(f"{digests_send()} digest(s) sent")
