"""PostgreSQL restarted under load: the next requests succeed.

gunicorn serves the application (two workers, two threads each, connections kept for
DATABASE_CONN_MAX_AGE) on this test's database. Every server connection is then cut, as a
restart or a failover does (pg_terminate_backend). A kept connection is health-checked
(CONN_HEALTH_CHECKS) before a request uses it and replaced when dead: no request after the
restart fails. Without the check, the first request on each dead connection was a 500.
"""

import concurrent.futures
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import client_for, make_case

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL restart: runs in the PostgreSQL pass of .ci/run")
    db = connection.settings_dict
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_CONN_MAX_AGE": "600",
        "PGPASSWORD": db["PASSWORD"] or "",
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "casework.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "2", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(url: str, session: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def load(urls: list[str], session: str) -> list[int]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda url: get(url, session), urls))


def cut_every_other_connection() -> int:
    """Terminate every server process of this database but the test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_requests_after_the_database_restarts_succeed(gunicorn, caseworker):
    case = make_case(caseworker)
    session = client_for(caseworker).cookies["sessionid"].value
    urls = [f"{gunicorn}{path}" for path in ("/cases/", f"/cases/{case.reference}/", "/healthz")]
    assert load(urls * 8, session) == [200] * 24  # every worker thread holds a connection now

    assert cut_every_other_connection() >= 1

    assert load(urls * 8, session) == [200] * 24
