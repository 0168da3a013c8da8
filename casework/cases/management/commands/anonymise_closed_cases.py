"""Anonymise finished cases past the retention period: ``manage.py anonymise_closed_cases``.

Run it daily from cron. CASEWORK_RETENTION_DAYS (default seven years) sets the period, counted
from the day the case was closed, declined or withdrawn. ``--dry-run`` lists the cases and how
many records of each would lose their personal data, and changes nothing. Idempotent: a case
is anonymised once; each case on its own, in one transaction.
"""

from django.core.management.base import BaseCommand

from casework.cases.privacy import AnonymisationCounts, case_anonymise, cases_due_for_anonymisation


class Command(BaseCommand):
    help = "Remove the personal data of cases finished longer ago than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        done = 0
        # Read first, write after: writing between the chunks of an open cursor is not safe on
        # SQLite.
        for case in list(cases_due_for_anonymisation()):
            counts = AnonymisationCounts.of(case) if dry_run else case_anonymise(case=case)
            if counts is None:  # anonymised meanwhile by another run
                continue
            done += 1
            self.stdout.write(
                f"{counts.reference}: {counts.people} people, "
                f"{counts.government_files} government files, {counts.documents} documents, "
                f"{counts.briefings} briefings, {counts.notes} notes"
            )
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{done} case(s) {verb}.")
