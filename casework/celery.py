"""The Celery application: background work (PDF briefings, e-mail, reminders, flow timers).

Configured from Django settings prefixed CELERY_ (casework/settings.py, including the beat
schedule). Without CELERY_BROKER_URL the settings turn on CELERY_TASK_ALWAYS_EAGER, so `.delay()`
runs the task inline and the embedded set-up needs no broker; the periodic work then runs from
cron with the management commands (workflow_timers, recompute_urgency, send_digests,
send_pending_notifications).

With a broker (CELERY_BROKER_URL=redis://...), run one worker or more and exactly one beat:

    celery -A casework worker --loglevel=INFO
    celery -A casework beat --loglevel=INFO --schedule=var/celerybeat-schedule
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
