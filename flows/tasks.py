from celery import shared_task
from viewflow.workflow.timers import fire_due_timers


# The open-source django-viewflow wheel has no viewflow.workflow.tasks module (its timers
# docstring names one): this is the beat entry for the same sweep as `manage.py workflow_timers`.
@shared_task(name="flows.fire_timers", ignore_result=True)
def fire_timers() -> int:
    """Fire every due flow timer (the follow-up of an unanswered escalation); returns how many.

    Idempotent: a fired timer is DONE and never fires again; concurrent sweeps skip a process
    another one holds locked.
    """
    return fire_due_timers()
