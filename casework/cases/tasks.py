"""Periodic work on cases. The beat schedule (settings) runs recompute_urgency hourly; without a
broker, cron runs `manage.py recompute_urgency` instead. Both are idempotent."""

from celery import shared_task

from . import services


@shared_task(name="casework.cases.tasks.recompute_urgency", ignore_result=True)
def recompute_urgency() -> int:
    """Recompute the urgency of every open case; returns how many changed."""
    return services.urgency_recompute_all()
