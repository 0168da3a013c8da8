from django.dispatch import receiver

from casework.cases.models import CaseEvent
from casework.cases.signals import case_transitioned, message_sent

from .models import Notification
from .services import KIND_BY_ACTION
from .tasks import notify_soon


@receiver(case_transitioned)
def notify_on_transition(sender, *, case, name, **kwargs):
    action = f"case.{name}"
    if action not in KIND_BY_ACTION:
        return
    # The service wrote this event just before sending the signal, in the same transaction.
    event = CaseEvent.objects.filter(case=case, action=action).order_by("-id").first()
    if event is not None:
        notify_soon(event=event)


@receiver(message_sent)
def notify_on_message(sender, *, event, to, **kwargs):
    kind = {
        "council": Notification.Kind.MESSAGE_TO_COUNCIL,
        "member": Notification.Kind.MESSAGE_TO_MEMBER,
    }[to]
    notify_soon(event=event, kind=kind)
