"""A person's data for an access request, as JSON: ``manage.py export_person --actor USERNAME
(--uci UCI | --person ID) [--output FILE]``.

The actor must be council staff; each case concerned records the export in its history.
Written to a file (mode 0600) or standard output, never to the logs.
"""

import json
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from casework.accounts.models import User
from casework.cases.identifiers import normalise_uci
from casework.cases.privacy import person_export


class Command(BaseCommand):
    help = "Export everything held about one person (access request); council staff only."

    def add_arguments(self, parser):
        parser.add_argument("--actor", required=True, help="Username of the council staff member.")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--uci", help="The person's UCI (8 or 10 digits).")
        who.add_argument("--person", type=int, help="The id of one of the person's records.")
        parser.add_argument("--output", help="Write the JSON to this file instead of stdout.")

    def handle(self, *args, actor, uci, person, output, **options):
        try:
            user = User.objects.get(username=actor, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {actor!r}.") from None
        try:
            uci = normalise_uci(uci) if uci else ""
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            export = person_export(actor=user, uci=uci, person_id=person)
        except PermissionDenied:
            raise CommandError("Only council staff may export a person's data.") from None
        if not export["records"]:
            raise CommandError("Nobody matches.")
        text = json.dumps(export, ensure_ascii=False, indent=2)
        if output:
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text)
