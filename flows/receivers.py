from django.dispatch import receiver

from casework.cases.signals import case_transitioned

from .services import advance_process


@receiver(case_transitioned)
def move_flow_on(sender, *, case, actor, **kwargs):
    advance_process(case=case, actor=actor)
