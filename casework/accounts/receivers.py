from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .selectors import second_factor_device
from .services import SECOND_FACTOR_SESSION_KEY


@receiver(user_logged_in)
def _require_second_factor(sender, request, user, **kwargs):
    """A password sign-in of an account with an authenticator is only half a sign-in."""
    request.session[SECOND_FACTOR_SESSION_KEY] = second_factor_device(user) is not None
