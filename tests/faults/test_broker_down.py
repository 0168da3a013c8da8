"""Redis (the Celery broker) down while people work, then back.

While it is down, pages and transitions succeed as usual: the e-mails they owe cannot be queued
and stay owed, a briefing is rendered in the request instead of by a worker. Once it is back, the
retry sweep (which beat queues every ten minutes) sends each owed e-mail exactly once.
"""

import datetime
import time

import pytest
from django.core import mail
from django.db.models import F

from casework.briefings import rendering
from casework.cases.models import Case, Status
from casework.notifications.models import Notification
from casework.notifications.services import RETRY_AFTER
from casework.notifications.tasks import send_pending
from tests.celery_worker import DEAD_BROKER_URL, queued_on, running_worker
from tests.factories import case_at, client_for, pdf_bytes

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # celery 5.7 stores results with redis-py's setex, deprecated in redis-py 8.
    pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning"),
]


def test_people_work_on_while_redis_is_down_and_e_mails_catch_up(
    caseworker, director, redis_broker, monkeypatch
):
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    mail.outbox.clear()
    client = client_for(director)

    with queued_on(DEAD_BROKER_URL):
        started = time.monotonic()
        page = client.get(f"/cases/{case.reference}/")
        moved = client.post(
            f"/cases/{case.reference}/transition/request_info/",
            {"request_info-version": case.version, "request_info-comment": "The birth record."},
        )
        briefing = client.post(
            f"/cases/{case.reference}/briefings/", {"recipient": "IRCC", "language": "en"}
        )
        elapsed = time.monotonic() - started

    assert (page.status_code, moved.status_code, briefing.status_code) == (200, 302, 302)
    assert elapsed < 10, "a broker that is down must not hold up the pages"
    assert Case.objects.get(pk=case.pk).status == Status.INFO_REQUESTED
    assert case.briefings.count() == 1  # rendered in the request
    owed = Notification.objects.get(kind=Notification.Kind.INFO_REQUESTED)
    assert owed.sent_at is None
    assert mail.outbox == []

    # Ten minutes later Redis is back, and beat queues the retry sweep.
    Notification.objects.update(created_at=F("created_at") - RETRY_AFTER - datetime.timedelta(1))
    with running_worker(redis_broker) as finished:
        send_pending.delay()
        assert finished.wait(timeout=20), "the worker did not run the sweep within 20 s"
        finished.clear()
        send_pending.delay()  # the next sweep finds nothing owed
        assert finished.wait(timeout=20)

    owed.refresh_from_db()
    assert owed.sent_at is not None
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == f"[Casework] Case {case.reference} needs information"
