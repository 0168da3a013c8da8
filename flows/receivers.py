from django.dispatch import receiver

from casework.accounts.signals import account_deactivated
from casework.cases.signals import case_transitioned

from .services import advance_process, tasks_release


@receiver(case_transitioned)
def move_flow_on(sender, *, case, actor, **kwargs):
    advance_process(case=case, actor=actor)


@receiver(account_deactivated)
def release_tasks(sender, *, account, actor, **kwargs):
    tasks_release(account=account, actor=actor)
