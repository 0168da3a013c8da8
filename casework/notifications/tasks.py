"""Background e-mail. Each task is idempotent: running it twice sends nothing twice.

Arguments are ids, never model instances. Without a broker (CELERY_TASK_ALWAYS_EAGER) `.delay()`
runs the task inline. Nobody waits for their results: none is stored.
"""

from celery import shared_task

from . import services


@shared_task(name="notifications.send_notification", ignore_result=True)
def send_notification(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(name="notifications.send_digests", ignore_result=True)
def send_digests() -> int:
    return services.digests_send()


@shared_task(name="notifications.send_pending", ignore_result=True)
def send_pending() -> int:
    return services.pending_send()
