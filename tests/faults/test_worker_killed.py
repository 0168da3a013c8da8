"""A Celery worker process killed in the middle of a briefing: the task runs again and the
case gets one version, not two.

A real worker runs as a separate program (prefork pool, as in production) on the local Redis and
this test's database. Its process is killed (SIGKILL) right after the version is committed and
before the task is acknowledged, the worst moment: the broker hands the task out again
(CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST) and the second run finds the version
the first one stored (Briefing.request_id) instead of making a second one.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from casework.briefings.tasks import render_briefing
from casework.cases.models import CaseEvent, Status
from tests.celery_worker import queued_on
from tests.factories import case_at

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning"),
]

# A database and a queue of its own on the local Redis: no other test's worker takes the task.
BROKER = "redis://127.0.0.1:6379/13"
QUEUE = "casework-test-worker-killed"


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def fragile_worker(redis_broker, tmp_path):
    """A worker program whose process dies once, right after committing a briefing."""
    marker = tmp_path / "died"
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
        "CASEWORK_TEST_DIE_ONCE": str(marker),
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "tests.faults.fragile_worker", "worker",
         "--pool=prefork", "--concurrency=1", "--queues", QUEUE, "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "ready." not in Path(log.name).read_text():
            assert worker.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, "the worker did not start within 60 s"
            time.sleep(0.2)
        yield marker, Path(log.name)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def test_a_briefing_whose_worker_died_is_made_once(caseworker, director, fragile_worker):
    marker, log = fragile_worker
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)

    with queued_on(BROKER):
        result = render_briefing.apply_async(
            kwargs={"case_id": case.pk, "actor_id": director.pk, "recipient": "IRCC"},
            queue=QUEUE,
        )
    deadline = time.monotonic() + 90
    while f"{result.id}] succeeded" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)

    assert marker.exists(), "the worker process was not killed"
    assert "WorkerLostError" in log.read_text()
    [briefing] = case.briefings.all()
    assert (briefing.number, briefing.request_id) == (1, result.id)
    assert CaseEvent.objects.filter(case=case, action="briefing.generated").count() == 1
