"""Celery as in production, for the tests that need it: tasks queued on a broker (a real Redis,
or one that is down) and run by a real worker, in a thread of the test process.

The worker reads the rows the test commits: use transactional_db.
"""

import contextlib
import threading

import kombu.pools
import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from casework.celery import app

REDIS_URL = "redis://127.0.0.1:6379/15"
# Nothing listens there: a broker that is down.
DEAD_BROKER_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is unreachable at {REDIS_URL} ({error}): the test needs it")
    finally:
        client.close()
    return REDIS_URL


def _forget_connections():
    # The app keeps its broker connections, made for the broker configured when first used:
    # close them so the next message goes to the broker configured now, and no socket is left.
    # kombu.pools keeps the producer pools by broker URL: reset clears them, else the next
    # use of a URL gets its closed pool back ("Acquire on closed pool").
    if app._pool is not None:
        app._pool.force_close_all()
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    # And the result backend, made (per thread) for the one configured when first used.
    app._local.__dict__.pop("backend", None)


@contextlib.contextmanager
def queued_on(broker_url: str):
    """`.delay()` queues on `broker_url` instead of running inline, until the block ends."""
    names = ("broker_url", "result_backend", "task_always_eager", "worker_hijack_root_logger")
    saved = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=broker_url,
        result_backend=broker_url,
        task_always_eager=False,
        worker_hijack_root_logger=False,
    )
    _forget_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections()


@contextlib.contextmanager
def running_worker(broker_url: str):
    """Queue tasks on Redis (not inline) and run one worker; yields an Event set per task."""
    finished = threading.Event()

    def task_done(**kwargs):
        # In the worker thread, after the task's transaction: close its connection, which
        # would otherwise outlive the test and keep PostgreSQL from dropping the test database.
        connections.close_all()
        finished.set()

    task_postrun.connect(task_done, weak=False)
    try:
        with queued_on(broker_url):
            app.control.purge()  # leftovers of an interrupted run
            with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
                yield finished
    finally:
        task_postrun.disconnect(task_done)
