"""Who may do what with accounts, as small named predicates over permissions.

Permissions come from the account's role (models.ROLE_PERMISSIONS); see casework.cases.rules for
everything about cases.
"""

from .models import User


def can_enrol_second_factor(user: User) -> bool:
    """Add an authenticator app for the second sign-in step (council staff)."""
    return user.has_perm("otp_totp.add_totpdevice")
