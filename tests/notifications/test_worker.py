"""The same e-mail through a real Celery worker on Redis, as in production.

The worker runs in a thread of this process: it reads the rows this test commits (hence
transactional_db) and sends into the same locmem outbox.
"""

import contextlib
import threading

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from casework.cases.models import Status
from casework.celery import app
from casework.notifications.models import Notification
from tests.factories import act, case_at

REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # celery 5.7 stores results with redis-py's setex, deprecated in redis-py 8.
    pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning"),
]


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is unreachable at {REDIS_URL} ({error}): the worker test needs it")
    finally:
        client.close()
    return REDIS_URL


def _forget_connections():
    # The app keeps its broker connections, made for the broker configured when first used:
    # close them so the next message goes to the broker configured now, and no socket is left.
    for pool in (app._pool, app.amqp._producer_pool):
        if pool is not None:
            pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def running_worker(broker_url: str):
    """Queue tasks on Redis (not inline) and run one worker; yields an Event set per task."""
    finished = threading.Event()

    def task_done(**kwargs):
        # In the worker thread, after the task's transaction: close its connection, which
        # would otherwise outlive the test and keep PostgreSQL from dropping the test database.
        connections.close_all()
        finished.set()

    names = ("broker_url", "result_backend", "task_always_eager", "worker_hijack_root_logger")
    saved = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=broker_url,
        result_backend=broker_url,
        task_always_eager=False,
        worker_hijack_root_logger=False,
    )
    _forget_connections()
    task_postrun.connect(task_done, weak=False)
    try:
        app.control.purge()  # leftovers of an interrupted run
        with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
            yield finished
    finally:
        task_postrun.disconnect(task_done)
        app.conf.update(saved)
        _forget_connections()


def test_it_sends_the_e_mail_from_a_real_worker(caseworker, director, redis_broker):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)  # e-mails inline
    mail.outbox.clear()

    with running_worker(redis_broker) as finished:
        act(case, director, "request_info", comment="More.")  # queued once committed
        assert finished.wait(timeout=20), "the worker did not run the task within 20 s"

    notification = Notification.objects.get(kind=Notification.Kind.INFO_REQUESTED)
    assert notification.sent_at is not None
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == f"[Casework] Case {case.reference} needs information"
