"""Benchmarks at scale on PostgreSQL; run through bench/run, which sets the environment.

Creates (or with --reuse keeps) the benchmark database, generates the cases, then measures
pages in process (Django's test client, production settings), the guardian-filtered list
against a plain organisation filter, the case list's throughput under gunicorn with wrk
against a bare view on the same server, and the briefing (bench/briefing_bench.py). Prints
one table; exit status 1 when a budget is missed.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess  # noqa: S404
import sys
import time
import urllib.request
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "casework-bench-2026"  # noqa: S105 (the generated bench-* accounts only)
RUNS = 15
LIST_BUDGET_MS = 100
GUARDIAN_RATIO_BUDGET = 2.0
THROUGHPUT_BUDGET = 0.30


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def timed_ms(function, runs: int = RUNS) -> tuple[float, float]:
    function()  # warm-up: not counted
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=10)[-1]


class Table:
    def __init__(self):
        self.rows = []
        self.missed = []

    def add(self, what, median, p90="", queries="", budget="", ok=None):
        verdict = "" if ok is None else ("holds" if ok else "MISSED")
        if ok is False:
            self.missed.append(what)
        self.rows.append((what, median, p90, str(queries), budget, verdict))

    def print(self):
        header = ("measure", "median", "p90", "queries", "budget", "")
        widths = [max(len(str(row[i])) for row in [header, *self.rows]) for i in range(6)]
        for row in [header, tuple("-" * w for w in widths), *self.rows]:
            cells = zip(row, widths, strict=True)
            print(" | ".join(str(cell).ljust(width) for cell, width in cells))


def signed_in(username: str):
    """A test client with a session for the bench account (django-axes refuses
    Client.login(), which authenticates without a request)."""
    from django.test import Client

    from casework.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def with_token(username: str):
    """A test client carrying a new personal API token of the bench account (no session)."""
    from django.test import Client

    from casework.accounts.models import User
    from casework.api.services import api_token_create

    _token, key = api_token_create(user=User.objects.get(username=username), name="bench")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def pages(table: Table) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.cases.models import Case

    caseworker_org = Case.objects.filter(created_by__username="bench-caseworker").first()
    assert caseworker_org, "no data: run without --reuse first"
    own = (
        Case.objects.filter(organisation=caseworker_org.organisation, submitted_at__isnull=False)
        .values_list("reference", flat=True)
        .first()
    )
    name = Case.objects.get(reference=own).people.values_list("family_name", flat=True).first()
    scenarios = {
        "bench-caseworker": [
            ("case list, first page", "/cases/"),
            ("case list, filtered (status)", "/cases/?status=in_review"),
            ("case list, filtered (kind+urgency)", "/cases/?kind=removal_deferral&urgency=2"),
            ("case list, searched (name)", f"/cases/?q={name}"),
            ("case list, searched (reference)", f"/cases/?q={own[:11]}"),
            # The API's list beside the page's: the same selector, cursor pages, JSON.
            ("API case list, first page", "/api/v1/cases/"),
            ("API case list, filtered (status)", "/api/v1/cases/?status=in_review"),
            ("API case list, searched (name)", f"/api/v1/cases/?q={name}"),
            ("case detail", f"/cases/{own}/"),
            ("API case detail", f"/api/v1/cases/{own}/"),
            ("task inbox /tasks/", "/tasks/"),
        ],
        "bench-staff": [
            ("case list, first page", "/cases/"),
            ("case list, filtered (status)", "/cases/?status=in_review"),
            ("case list, filtered (kind+urgency)", "/cases/?kind=removal_deferral&urgency=2"),
            ("case list, searched (name)", f"/cases/?q={name}"),
            ("case list, searched (reference)", f"/cases/?q={own[:11]}"),
            ("API case list, first page", "/api/v1/cases/"),
            ("API case list, filtered (status)", "/api/v1/cases/?status=in_review"),
            ("case detail", f"/cases/{own}/"),
            ("API case detail", f"/api/v1/cases/{own}/"),
        ],
        "bench-director": [
            ("task inbox /tasks/", "/tasks/"),
            ("triage queue (submitted, by urgency)", "/cases/?status=submitted"),
            ("all cases by urgency, page 40", "/cases/?page=40"),
        ],
    }
    for username, urls in scenarios.items():
        session, token = signed_in(username), with_token(username)
        for label, url in urls:
            client = token if url.startswith("/api/") else session

            def get(url=url, client=client):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            median, p90 = timed_ms(get)
            with CaptureQueriesContext(connection) as queries:
                get()
            filtered_list = "filtered" in label
            table.add(
                f"{username}: {label}",
                f"{median:.1f} ms",
                f"{p90:.1f} ms",
                len(queries),
                f"< {LIST_BUDGET_MS} ms" if filtered_list else "",
                median < LIST_BUDGET_MS if filtered_list else None,
            )


def guardian_against_plain_foreign_key(table: Table) -> None:
    """One page and the count, as the paginator reads them, for both ways of filtering."""
    from casework.accounts.models import User
    from casework.cases.models import Case
    from casework.cases.selectors import CaseFilters, case_list

    user = User.objects.select_related("membership__organisation").get(username="bench-caseworker")
    for label, filters in (
        ("no filter", CaseFilters()),
        ("status in_review", CaseFilters(status="in_review")),
    ):
        guardian = case_list(user, filters)
        plain = Case.objects.filter(organisation=user.organisation)
        if filters.status:
            plain = plain.filter(status=filters.status)
        plain = plain.select_related("organisation", "assigned_to").order_by(
            *guardian.query.order_by
        )
        results = {}
        for name, queryset in (("guardian", guardian), ("plain FK", plain)):

            def read(queryset=queryset):
                list(queryset[:25])
                queryset.count()

            results[name] = timed_ms(read)
        ratio = results["guardian"][0] / results["plain FK"][0]
        for name, (median, p90) in results.items():
            table.add(f"list query + count, {label}: {name}", f"{median:.1f} ms", f"{p90:.1f} ms")
        table.add(
            f"guardian / plain FK, {label}",
            f"{ratio:.2f}x",
            budget=f"<= {GUARDIAN_RATIO_BUDGET}x",
            ok=ratio <= GUARDIAN_RATIO_BUDGET,
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    """Until gunicorn answers (booting Django takes seconds on a busy machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} in {timeout:.0f} s")


def wrk(url: str, cookie: str, seconds: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: sessionid={cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not rate:
        raise RuntimeError(f"{url}: no request answered\n{output}")
    return rate


def throughput(table: Table, seconds: int) -> None:
    cookie = signed_in("bench-caseworker").cookies["sessionid"].value
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "casework.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        base = f"http://127.0.0.1:{port}"
        bare = wrk(f"{base}/bench/bare/", cookie, seconds)
        listing = wrk(f"{base}/cases/?status=in_review", cookie, seconds)
    finally:
        server.terminate()
        server.wait()
    ratio = listing / bare
    table.add("gunicorn 2 workers, wrk -c8: bare view", f"{bare:.0f} req/s")
    table.add("gunicorn: case list (caseworker, filtered)", f"{listing:.0f} req/s")
    table.add(
        "case list / bare view throughput",
        f"{ratio:.0%}",
        budget=f">= {THROUGHPUT_BUDGET:.0%}",
        ok=ratio >= THROUGHPUT_BUDGET,
    )


def briefing(table: Table) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casework.settings", "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "bench/briefing_bench.py", "--runs", "10"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    print(result.stdout)
    app = re.search(r"app: template \+ weasyprint\s+([\d.]+)s\s+([\d.]+)s", result.stdout)
    ratio = re.search(r"ratio app/bare \(medians\): ([\d.]+)", result.stdout)
    if not app or not ratio:
        table.add("briefing (3 pages)", "failed", ok=False)
        print(result.stderr[-2000:])
        return
    median = float(app.group(1))
    table.add("briefing, 3 pages", f"{median:.3f} s", f"{float(app.group(2)):.3f} s",
              budget="< 0.6 s", ok=median < 0.6)  # fmt: skip
    table.add("briefing app / bare weasyprint", f"{float(ratio.group(1)):.2f}x",
              budget="<= 1.3x", ok=float(ratio.group(1)) <= 1.3)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10, help="of each wrk run")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        raise SystemExit("the benchmarks run on PostgreSQL: set BENCH_DATABASE_URL")

    if not args.reuse:
        recreate_database(url)
    manage("migrate", "--verbosity", "0")
    if not args.reuse:
        manage("generate_cases", "--cases", str(args.cases), "--orgs", str(args.orgs),
               "--password", PASSWORD)  # fmt: skip
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
    if not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        manage("collectstatic", "--no-input", "--verbosity", "0")

    sys.path.insert(0, str(ROOT))
    django.setup()
    from casework.cases.models import Case

    table = Table()
    pages(table)
    guardian_against_plain_foreign_key(table)
    throughput(table, args.seconds)
    briefing(table)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"PostgreSQL, {Case.objects.count():,} cases; load average {' '.join(load)}; "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    table.print()
    if table.missed:
        print("budgets missed: " + "; ".join(table.missed))
    return 1 if table.missed else 0


if __name__ == "__main__":
    sys.exit(main())
