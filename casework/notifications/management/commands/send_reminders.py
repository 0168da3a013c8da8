from django.core.management.base import BaseCommand

from casework.notifications.services import reminders_send


class Command(BaseCommand):
    help = "E-mail the personal reminders due today that asked for an e-mail (for cron)."

    def handle(self, **options):
        self.stdout.write(f"{reminders_send()} reminder(s) sent")
