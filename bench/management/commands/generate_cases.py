"""Write years of case history in bulk (bench/generator.py).

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python manage.py generate_cases \
        --cases 100000 --orgs 300 --password <password for the bench-* logins>

Refuses to run on a database that already holds cases: the accounts it creates would clash.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.generator import build_world, bulk_cases
from casework.cases.models import Case


class Command(BaseCommand):
    help = "Generate organisations, accounts and cases in bulk for the benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--orgs", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--password", default=None, help="for bench-director, bench-staff "
                            "and bench-caseworker; unusable when not given")  # fmt: skip

    def handle(self, *args, cases, orgs, seed, password, **options):
        if Case.objects.exists():
            raise CommandError("this database already holds cases: generate into an empty one")
        started = time.perf_counter()
        world = build_world(organisations=orgs, password=password)
        self.stdout.write(f"{orgs} organisations and their accounts: "
                          f"{time.perf_counter() - started:.1f} s")  # fmt: skip

        def progress(done):
            self.stdout.write(f"  {done:,} cases, {time.perf_counter() - started:.0f} s")

        counts = bulk_cases(world, cases, seed=seed, progress=progress)
        rows = ", ".join(f"{name} {count:,}" for name, count in sorted(counts.items()))
        self.stdout.write(f"Done in {time.perf_counter() - started:.0f} s: {rows}")
