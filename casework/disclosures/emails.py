"""The e-mail that delivers a disclosure's link, in the recipient's language.

Nothing about the case or the people goes into it: no name, no reference, no file number, not
even the case's kind. It says who disclosed (the council), that something is waiting, the link
(signed for this recipient: links.py) and until when it works. The contact signs in to read it.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework.accounts.models import Agency, User
from casework.notifications.emails import SUBJECT_PREFIX, absolute_url, format_moment

from . import links
from .models import Disclosure


def _council(disclosure: Disclosure, language: str) -> str:
    organisation = disclosure.disclosed_by.organisation if disclosure.disclosed_by else None
    return organisation.name_in(language) if organisation else _("the council")


def link_email(*, disclosure: Disclosure, recipient: User) -> EmailMessage:
    """A new link (dated now) to the disclosure, for `recipient` only."""
    path = links.link_path(disclosure_id=disclosure.pk, recipient_id=recipient.pk)
    with translation.override(recipient.language):
        council = _council(disclosure, recipient.language)
        body = render_to_string(
            "disclosures/email/link.txt",
            {
                "council": council,
                "agency": Agency(disclosure.agency).label,
                "url": absolute_url(path),
                "expires": format_moment(timezone.now() + links.lifetime(), recipient),
                "portal_url": absolute_url(reverse("disclosures:list")),
            },
        )
        return EmailMessage(
            subject=SUBJECT_PREFIX
            + _("%(council)s: a disclosure is waiting for you") % {"council": council},
            body=body.strip() + "\n",
            to=[recipient.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
