"""Background e-mail. Each task is idempotent: running it twice sends nothing twice.

Arguments are ids, never model instances. Without a broker (CELERY_TASK_ALWAYS_EAGER) `.delay()`
runs the task inline. Nobody waits for their results: none is stored.
"""

from celery import shared_task
from django.db import transaction

from casework.cases.models import CaseEvent

from . import services


def notify_soon(*, event: CaseEvent, kind: str | None = None) -> None:
    """Owe the e-mails about the event (services.notify) and queue the immediate ones.

    Call inside the transaction that wrote the event: they are queued once it commits.
    """
    for notification_id in services.notify(event=event, kind=kind):
        # robust: a broker that is down must not turn a committed transition into an error
        # page; the retry sweep sends what was not queued. A lambda, not functools.partial:
        # Django logs a failed robust callback by its __qualname__, which a partial lacks (the
        # logging itself then raised, and the page was a 500).
        transaction.on_commit(lambda pk=notification_id: send_notification.delay(pk), robust=True)


@shared_task(name="notifications.send_notification", ignore_result=True)
def send_notification(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(name="notifications.send_digests", ignore_result=True)
def send_digests() -> int:
    return services.digests_send()


@shared_task(name="notifications.send_pending", ignore_result=True)
def send_pending() -> int:
    return services.pending_send()


@shared_task(name="notifications.send_reminders", ignore_result=True)
def send_reminders() -> int:
    return services.reminders_send()
