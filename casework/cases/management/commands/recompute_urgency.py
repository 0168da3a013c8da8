"""Recompute the urgency of every open case: ``python manage.py recompute_urgency``.

For cron where Celery beat does not run, e.g. hourly: ``0 * * * * manage.py recompute_urgency``.
Idempotent: a case whose urgency has not changed is not written.
"""

from django.core.management.base import BaseCommand

from casework.cases.services import urgency_recompute_all


class Command(BaseCommand):
    help = "Recompute the urgency of every open case as time passes (run it hourly)."

    def handle(self, *args, **options):
        changed = urgency_recompute_all()
        self.stdout.write(f"Urgency recomputed: {changed} case(s) changed.")
