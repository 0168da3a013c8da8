"""Background rendering. With a broker the view queues the task; without one (the embedded
set-up, CELERY_TASK_ALWAYS_EAGER) `.delay()` runs it inline. Arguments are ids and strings,
never model instances."""

from celery import shared_task

from casework.accounts.models import User
from casework.cases.models import Case

from . import services


@shared_task(name="briefings.render_briefing")
def render_briefing(
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
    )
    return briefing.number


def runs_inline() -> bool:
    """True when `.delay()` runs the task at once (no broker configured)."""
    return bool(render_briefing.app.conf.task_always_eager)
