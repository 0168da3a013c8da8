"""The same e-mail through a real Celery worker on Redis, as in production."""

import pytest
from django.core import mail

from casework.cases.models import Status
from casework.notifications.models import Notification
from tests.celery_worker import running_worker
from tests.factories import act, case_at

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # celery 5.7 stores results with redis-py's setex, deprecated in redis-py 8.
    pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning"),
]


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
