"""The Casework Celery app for the worker-killed test (tests/faults/test_worker_killed.py).

Each worker process, once forked, wraps the briefing service's last step: the first time a
briefing version has been committed, the process kills itself with SIGKILL, before the task
is acknowledged. A marker file (CASEWORK_TEST_DIE_ONCE) makes it die only once.
"""

import os
import pathlib
import signal

from celery.signals import worker_process_init

from casework.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _die_after_the_first_briefing(**kwargs):
    from casework.briefings import services

    store = services._store
    marker = pathlib.Path(os.environ["CASEWORK_TEST_DIE_ONCE"])

    def store_then_die(**store_kwargs):
        briefing = store(**store_kwargs)
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return briefing

    services._store = store_then_die
