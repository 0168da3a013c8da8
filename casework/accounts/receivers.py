from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership, Organisation, User
from .selectors import (
    forget_member_organisation_choices,
    forget_staff_choices,
    second_factor_device,
)
from .services import SECOND_FACTOR_SESSION_KEY


@receiver(user_logged_in)
def _require_second_factor(sender, request, user, **kwargs):
    """A password sign-in of an account with an authenticator is only half a sign-in."""
    request.session[SECOND_FACTOR_SESSION_KEY] = second_factor_device(user) is not None


@receiver([post_save, post_delete], sender=Organisation)
def _forget_member_organisation_choices(sender, **kwargs):
    """A new, renamed or removed organisation shows in the case list's filter at once."""
    _forget_now_and_once_committed(forget_member_organisation_choices)


# What the staff choices show: a name, a login, whether the account is active (and its role).
_NAMED_FIELDS = {"first_name", "last_name", "username", "is_active"}


@receiver([post_save, post_delete], sender=User)
@receiver([post_save, post_delete], sender=Membership)
def _forget_staff_choices(sender, update_fields=None, **kwargs):
    """A new, renamed, deactivated or re-roled account shows in the "assign to" selects at
    once; a sign-in (which saves last_login) changes nothing they show."""
    if sender is User and update_fields is not None and not _NAMED_FIELDS & set(update_fields):
        return
    _forget_now_and_once_committed(forget_staff_choices)


def _forget_now_and_once_committed(forget) -> None:
    forget()
    # Again once committed: a request between the save and the commit may have cached the
    # choices as they were.
    transaction.on_commit(forget)
