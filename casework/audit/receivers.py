"""Audit records for events that happen outside our views: sign-ins and permission changes.

Permission changes are caught at the model, so a change made in the admin, a shell or a service
is recorded alike: named-user shares of a case (the organisation's own group grants come with
the case itself), group membership, and an account's organisation and role.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from casework.accounts.models import Membership
from casework.cases.models import CaseUserObjectPermission

from .models import Action
from .services import audit_record

User = get_user_model()


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    audit_record(action=Action.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django masks the password in `credentials`; the username is kept here and nowhere else.
    audit_record(
        action=Action.LOGIN_FAILED,
        request=request,
        username=str(credentials.get(User.USERNAME_FIELD, "")),
    )


def _share_target(permission: CaseUserObjectPermission) -> str:
    # The person by name, as the access history shows people; their login identifies them.
    user = permission.user
    return f"{permission.permission.codename} → {user.display_name} ({user.get_username()})"


@receiver(post_save, sender=CaseUserObjectPermission)
def _case_shared(sender, instance, created, **kwargs):
    audit_record(
        action=Action.CASE_SHARED, case=instance.content_object, target=_share_target(instance)
    )


@receiver(post_delete, sender=CaseUserObjectPermission)
def _case_unshared(sender, instance, **kwargs):
    audit_record(
        action=Action.CASE_UNSHARED, case=instance.content_object, target=_share_target(instance)
    )


@receiver(m2m_changed, sender=User.groups.through)
def _group_membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # The pairs are gone by post_clear: record them while they are still there.
        pk_set = set(
            (instance.user_set if reverse else instance.groups).values_list("pk", flat=True)
        )
    elif action not in ("post_add", "post_remove"):
        return
    what = Action.GROUP_JOINED if action == "post_add" else Action.GROUP_LEFT
    for other in model.objects.filter(pk__in=pk_set or ()):
        user, group = (other, instance) if reverse else (instance, other)
        audit_record(action=what, target=f"{user.get_username()} · {group.name}")


@receiver(post_save, sender=Membership)
def _membership_changed(sender, instance, **kwargs):
    audit_record(
        action=Action.MEMBERSHIP_CHANGED,
        target=f"{instance.user.get_username()} · {instance.organisation} · {instance.role}",
    )
