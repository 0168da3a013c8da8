"""Reads about accounts."""

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ROLE_PERMISSIONS, User


def second_factor_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def users_with_permission(permission: str) -> QuerySet[User]:
    """Active accounts whose role grants `permission` (see ROLE_PERMISSIONS)."""
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]
    return User.objects.filter(is_active=True, membership__role__in=roles)
