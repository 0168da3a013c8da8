"""Background rendering. With a broker the view queues the task; without one (the embedded
set-up, CELERY_TASK_ALWAYS_EAGER) `.delay()` runs it inline. Arguments are ids and strings,
never model instances."""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from casework.accounts.models import User
from casework.cases.models import Case

from . import services

logger = logging.getLogger(__name__)


# Acknowledged once done (CELERY_TASK_ACKS_LATE): a task whose worker died is delivered again,
# and its own id (`request_id`) makes the second run find the version the first one stored.
# Nobody waits for a queued rendering (the page says it will appear): no result is stored, so
# queueing never waits on the result backend, which is the same Redis and may be down too.
@shared_task(name="briefings.render_briefing", bind=True, ignore_result=True)
def render_briefing(
    self,
    case_id: int,
    actor_id: int,
    language: str | None = None,
    recipient: str | None = None,
    shared_with_organisation: bool = True,
) -> int:
    """Generate the next briefing version of a case; returns its number."""
    case = Case.objects.get(pk=case_id)
    actor = User.objects.get(pk=actor_id)
    briefing = services.briefing_generate(
        case=case,
        actor=actor,
        language=language,
        recipient=recipient,
        shared_with_organisation=shared_with_organisation,
        request_id=self.request.id or "",
    )
    return briefing.number


def render_briefing_soon(**kwargs) -> int | None:
    """Queue the rendering of a briefing; its number when it ran at once, None when queued.

    At once without a broker (the embedded set-up), and also when the broker cannot be
    reached: the council gets its briefing, rendered in the request, rather than an error.
    """
    try:
        result = render_briefing.delay(**kwargs)
    except OperationalError as error:
        logger.warning("Broker unreachable (%s): rendering the briefing now", type(error).__name__)
        return render_briefing.apply(kwargs=kwargs).get()
    return result.get() if runs_inline() else None


def runs_inline() -> bool:
    """True when `.delay()` runs the task at once (no broker configured)."""
    return bool(render_briefing.app.conf.task_always_eager)
