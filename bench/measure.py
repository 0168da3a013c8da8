"""Benchmarks at scale on PostgreSQL; run through bench/run, which sets the environment.

Creates (or with --reuse keeps) the benchmark database and a second one of 10,000 cases,
generates the cases, then measures, side by side in one table: every list and detail page in
process (Django's test client, production settings; median <= 50 ms each), the director's
/tasks/ at 10,000 and at the full size (<= 60 ms, flat), the case page against the Django
admin's change view of the same case (<= 1.5x), the caseworker's list through cases_visible_to
against a plain organisation_id filter (<= 1.3x), the case list's throughput under gunicorn
with wrk against a bare view on the same server (>= 30%), and the briefing
(bench/briefing_bench.py). Exit status 1 when a budget is missed.
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
PAGE_BUDGET_MS = 50  # every list and detail page, median
INBOX_BUDGET_MS = 60  # the director's /tasks/, median, at each size
VISIBILITY_RATIO_BUDGET = 1.3
THROUGHPUT_BUDGET = 0.30
ADMIN_RATIO_BUDGET = 1.5
SMALL_CASES = 10_000


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


def pages(table: Table) -> dict[str, float]:
    """Every list and detail page, for each persona, the API's beside them; returns the medians
    by label."""
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
            # Where signing in leads, and the counts.
            ("today", "/today/"),
            ("dashboard", "/dashboard/"),
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
            ("case history", f"/cases/{own}/history/"),
            ("deadlines due soon", "/cases/due/"),
            ("API case detail", f"/api/v1/cases/{own}/"),
            ("task inbox /tasks/", "/tasks/"),
        ],
        "bench-staff": [
            ("today", "/today/"),
            ("dashboard", "/dashboard/"),
            ("deadlines due soon", "/cases/due/"),
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
            ("today", "/today/"),
            ("task inbox /tasks/", "/tasks/"),
            ("task queue, page 2", "/tasks/queue/?page=2"),
            ("triage queue (submitted, by urgency)", "/cases/?status=submitted"),
            ("all cases by urgency, page 40", "/cases/?page=40"),
        ],
    }
    medians = {}
    for username, urls in scenarios.items():
        session, token = signed_in(username), with_token(username)
        for label, url in urls:
            client = token if url.startswith("/api/") else session
            median, p90, queries = page_median(client, url)
            medians[f"{username}: {label}"] = median
            if label == "task inbox /tasks/" and username == "bench-director":
                continue  # printed beside the same page at 10k cases (inbox_at_both_sizes)
            table.add(
                f"{username}: {label}",
                f"{median:.1f} ms",
                f"{p90:.1f} ms",
                queries,
                f"< {PAGE_BUDGET_MS} ms",
                median < PAGE_BUDGET_MS,
            )
    return medians


def page_median(client, url: str) -> tuple[float, float, int]:
    """Median and 90th percentile of a GET, and the queries it makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    median, p90 = timed_ms(get)
    with CaptureQueriesContext(connection) as queries:
        get()
    return median, p90, len(queries)


def director_inbox_median() -> float:
    return page_median(signed_in("bench-director"), "/tasks/")[0]


def inbox_at_both_sizes(table: Table, large_median: float, small_url: str) -> None:
    """The director's /tasks/ on the small database (measured by a run of this script there)
    beside the large one: the inbox must not grow with the cases."""
    env = {**os.environ, "DATABASE_URL": small_url}
    output = subprocess.run(
        [sys.executable, "bench/measure.py", "--inbox-only"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    small_median = float(re.search(r"inbox median ([\d.]+) ms", output).group(1))
    from casework.cases.models import Case

    large = Case.objects.count()
    for size, median in ((SMALL_CASES, small_median), (large, large_median)):
        table.add(
            f"bench-director: task inbox /tasks/ at {size:,} cases",
            f"{median:.1f} ms",
            budget=f"<= {INBOX_BUDGET_MS} ms",
            ok=median <= INBOX_BUDGET_MS,
        )
    table.add(
        f"director /tasks/ {large:,} / {SMALL_CASES:,} cases",
        f"{large_median / small_median:.2f}x",
        budget="flat: <= 1.5x",
        ok=large_median / small_median <= 1.5,
    )


def case_page_against_admin(table: Table) -> None:
    """The case page (council staff) against the Django admin's change view of the same case,
    which reads the case and renders its fields: the floor for showing one case."""
    from django.test import Client

    from casework.accounts.models import User
    from casework.cases.models import Case

    case = (
        Case.objects.filter(created_by__username="bench-caseworker", submitted_at__isnull=False)
        .order_by("pk")
        .first()
    )
    superuser, _created = User.objects.get_or_create(
        username="bench-superuser", defaults={"is_staff": True, "is_superuser": True}
    )
    admin = Client()
    admin.force_login(superuser)
    case_page = page_median(signed_in("bench-staff"), case.get_absolute_url())
    admin_page = page_median(admin, f"/admin/cases/case/{case.pk}/change/")
    for label, (median, p90, queries) in (("case page", case_page), ("admin", admin_page)):
        table.add(f"one case: {label} (same case)", f"{median:.1f} ms", f"{p90:.1f} ms", queries)
    ratio = case_page[0] / admin_page[0]
    table.add(
        "case page / admin change view",
        f"{ratio:.2f}x",
        budget=f"<= {ADMIN_RATIO_BUDGET}x",
        ok=ratio <= ADMIN_RATIO_BUDGET,
    )


def visible_against_plain_foreign_key(table: Table) -> None:
    """One page and the count, as the paginator reads them, for the caseworker's list through
    cases_visible_to (organisation, shares) and for a plain organisation_id filter."""
    from casework.accounts.backends import MembershipModelBackend
    from casework.accounts.models import User
    from casework.cases.models import Case
    from casework.cases.selectors import CaseFilters, case_list

    # The account as a request has it (with its membership and shares).
    user = MembershipModelBackend().get_user(User.objects.get(username="bench-caseworker").pk)
    for label, filters in (
        ("no filter", CaseFilters()),
        ("status in_review", CaseFilters(status="in_review")),
    ):
        visible = case_list(user, filters)
        plain = Case.objects.filter(organisation=user.organisation)
        if filters.status:
            plain = plain.filter(status=filters.status)
        plain = plain.select_related("organisation", "assigned_to").order_by(
            *visible.query.order_by
        )
        results = {}
        for name, queryset in (("cases_visible_to", visible), ("plain FK", plain)):

            def read(queryset=queryset):
                list(queryset[:25])
                queryset.count()

            results[name] = timed_ms(read)
        ratio = results["cases_visible_to"][0] / results["plain FK"][0]
        for name, (median, p90) in results.items():
            table.add(f"list query + count, {label}: {name}", f"{median:.1f} ms", f"{p90:.1f} ms")
        table.add(
            f"cases_visible_to / plain FK, {label}",
            f"{ratio:.2f}x",
            budget=f"<= {VISIBILITY_RATIO_BUDGET}x",
            ok=ratio <= VISIBILITY_RATIO_BUDGET,
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


def generate(url: str, cases: int, orgs: int) -> None:
    """A new database at `url` with `cases` cases, analysed."""
    recreate_database(url)
    env = {**os.environ, "DATABASE_URL": url}
    for args in (
        ["migrate", "--verbosity", "0"],
        ["generate_cases", "--cases", str(cases), "--orgs", str(orgs), "--password", PASSWORD],
    ):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)


def static_files_stale(manifest: Path) -> bool:
    """No collected files yet, or a file of static/ changed since (a page naming a new file
    fails on a manifest without it)."""
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(
        path.stat().st_mtime > collected for path in (ROOT / "static").rglob("*") if path.is_file()
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="keep the databases and their data")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10, help="of each wrk run")
    parser.add_argument("--inbox-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        raise SystemExit("the benchmarks run on PostgreSQL: set BENCH_DATABASE_URL")
    # The director's inbox is measured at 10,000 cases too, in a database of its own.
    small_url = f"{url}_{SMALL_CASES // 1000}k"

    if args.inbox_only:  # the run on the small database, for inbox_at_both_sizes
        sys.path.insert(0, str(ROOT))
        django.setup()
        print(f"inbox median {director_inbox_median():.2f} ms")
        return 0

    if not args.reuse:
        generate(url, args.cases, args.orgs)
        generate(small_url, SMALL_CASES, args.orgs)
    manage("migrate", "--verbosity", "0")
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT,
                   env={**os.environ, "DATABASE_URL": small_url}, check=True)  # fmt: skip
    if static_files_stale(Path(os.environ["STATIC_ROOT"]) / "staticfiles.json"):
        manage("collectstatic", "--no-input", "--verbosity", "0")

    sys.path.insert(0, str(ROOT))
    django.setup()
    from casework.cases.models import Case

    table = Table()
    medians = pages(table)
    inbox_at_both_sizes(table, medians["bench-director: task inbox /tasks/"], small_url)
    case_page_against_admin(table)
    visible_against_plain_foreign_key(table)
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
