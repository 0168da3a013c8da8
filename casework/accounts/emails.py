"""The e-mails about accounts, in the recipient's language.

Subjects carry nothing personal ("[Casework] Your invitation to Casework"); the body names
the organisation and the role, never the person, and holds the link.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework.notifications.emails import SUBJECT_PREFIX, absolute_url, format_moment

from .models import Invitation, Role, User


def _message(*, to: str, subject: str, template: str, context: dict) -> EmailMessage:
    return EmailMessage(
        subject=SUBJECT_PREFIX + subject,
        body=render_to_string(template, context).strip() + "\n",
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )


def invitation(invitation: Invitation, token: str) -> EmailMessage:
    with translation.override(invitation.language):
        return _message(
            to=invitation.email,
            subject=_("Your invitation to Casework"),
            template="accounts/email/invitation.txt",
            context={
                "organisation": invitation.organisation.name_in(invitation.language),
                "role": Role(invitation.role).label,
                "url": absolute_url(reverse("accounts:invitation_accept", args=[token])),
                "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
                "time_zone": settings.TIME_ZONE,
            },
        )


def password_reset(user: User, uid: str, token: str) -> EmailMessage:
    with translation.override(user.language):
        return _message(
            to=user.email,
            subject=_("Reset your Casework password"),
            template="accounts/email/password_reset.txt",
            context={
                "username": user.get_username(),
                "url": absolute_url(reverse("password_reset_confirm", args=[uid, token])),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                "requested": format_moment(timezone.now(), user),
            },
        )
