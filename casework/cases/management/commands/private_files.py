"""The private store's files (documents and briefings) to or from a tar, for bin/backup and
bin/restore: ``manage.py private_files archive FILE`` and
``manage.py private_files restore [--check] FILE``.

Works the same on local disk and on S3 object storage. A restore refuses a store that already
holds files; --check only verifies that, and that the archive can be read.
"""

import tarfile

from django.core.management.base import BaseCommand, CommandError

from casework.cases.storage import private_files_archive, private_files_restore


class Command(BaseCommand):
    help = "Archive the private documents store into a tar, or restore it from one."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["archive", "restore"])
        parser.add_argument("path", help="The tar file (archive: created, must not exist).")
        parser.add_argument(
            "--check", action="store_true", help="restore: only check, write nothing."
        )

    def handle(self, *args, action, path, check, **options):
        try:
            if action == "archive":
                count = private_files_archive(path)
            else:
                count = private_files_restore(path, check_only=check)
        except (OSError, ValueError, tarfile.TarError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} file(s)")
