"""The e-mails, in the recipient's language and time zone.

Nothing personal goes into an e-mail: no names, no UCI, no free text typed by a user (a reason,
a response summary), only the case reference, what happened and what to do. The person signs in
to read the rest. Subjects are one short line: "[Casework] Case CCR-2026-00042 needs information".
"""

import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casework.accounts.models import User
from casework.cases.models import GovernmentFile, Reminder
from casework.dates import date_display

from .models import Notification

Kind = Notification.Kind
SUBJECT_PREFIX = "[Casework] "


@dataclass(frozen=True)
class Wording:
    subject: Promise
    happened: Promise
    to_do: Promise


WORDING = {
    Kind.SUBMITTED: Wording(
        _("Case %(reference)s was submitted to the council"),
        _("A member organisation submitted case %(reference)s to the council."),
        _("Triage it from the council's task list."),
    ),
    Kind.RESUBMITTED: Wording(
        _("Case %(reference)s was resubmitted"),
        _("The member organisation sent the information the council asked for on case "
          "%(reference)s."),
        _("Review the case again from the council's task list."),
    ),
    Kind.INFO_REQUESTED: Wording(
        _("Case %(reference)s needs information"),
        _("The council needs more information on case %(reference)s."),
        _("Sign in to read the council's request, complete the case and submit it again."),
    ),
    Kind.ESCALATED: Wording(
        _("Case %(reference)s was escalated to %(agency)s"),
        _("The council raised case %(reference)s with %(agency)s."),
        _("Nothing to do for now: you will be told when the government responds."),
    ),
    Kind.FOLLOWED_UP: Wording(
        _("Case %(reference)s was escalated to %(agency)s again"),
        _("The council raised case %(reference)s with %(agency)s again."),
        _("Nothing to do for now: you will be told when the government responds."),
    ),
    Kind.RESPONDED: Wording(
        _("Case %(reference)s: %(agency)s responded"),
        _("%(agency)s responded on case %(reference)s."),
        _("Sign in to read the response. The council will record the outcome."),
    ),
    Kind.CLOSED: Wording(
        _("Case %(reference)s was closed"),
        _("The council closed case %(reference)s."),
        _("Sign in to see the outcome."),
    ),
    Kind.FOLLOW_UP_DUE: Wording(
        _("Case %(reference)s: no response from %(agency)s, follow up"),
        _("%(agency)s has not responded on case %(reference)s %(days)s days after the "
          "escalation."),
        _("Follow up with the government, then record its response on the case page."),
    ),
    Kind.MESSAGE_TO_COUNCIL: Wording(
        _("Case %(reference)s: a message from the member organisation"),
        _("The member organisation wrote to the council on case %(reference)s."),
        _("Sign in to read the message and answer it on the case page."),
    ),
    Kind.MESSAGE_TO_MEMBER: Wording(
        _("Case %(reference)s: a message from the council"),
        _("The council wrote to you on case %(reference)s."),
        _("Sign in to read the message and answer it on the case page."),
    ),
}  # fmt: skip


def absolute_url(path: str) -> str:
    return settings.CASEWORK["BASE_URL"].rstrip("/") + path


def _zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def format_moment(moment, user: User) -> str:
    """A moment in the user's time zone and the active language, naming the zone."""
    zone = _zone(user)
    local = timezone.localtime(moment, zone)
    return f"{date_display(local, 'DATETIME_FORMAT')} {date_display(local, 'T')} ({zone.key})"


@dataclass(frozen=True)
class Item:
    subject: str
    happened: str
    to_do: str
    when: str
    url: str


def _item(notification: Notification, user: User) -> Item:
    """One notification worded in the active language (callers override it)."""
    event = notification.event
    case = event.case
    # The agency the event is about (a response names the one that answered), else the case's.
    agency = event.data.get("agency") or case.escalation_target
    params = {
        "reference": case.reference,
        "agency": GovernmentFile.Agency(agency).label if agency else "",
        "days": event.data.get("days", ""),
    }
    wording = WORDING[Kind(notification.kind)]
    return Item(
        subject=str(wording.subject) % params,
        happened=str(wording.happened) % params,
        to_do=str(wording.to_do) % params,
        when=format_moment(event.at, user),
        url=absolute_url(case.get_absolute_url()),
    )


def _message(user: User, subject: str, body: str) -> EmailMessage:
    return EmailMessage(
        subject=SUBJECT_PREFIX + subject,
        body=body.strip() + "\n",
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def single(notification: Notification) -> EmailMessage:
    user = notification.recipient
    with translation.override(user.language):
        item = _item(notification, user)
        body = render_to_string(
            "notifications/email/notification.txt",
            {"item": item, "settings_url": absolute_url(reverse("account_settings"))},
        )
        return _message(user, item.subject, body)


def digest(user: User, notifications: list[Notification]) -> EmailMessage:
    with translation.override(user.language):
        items = [_item(notification, user) for notification in notifications]
        subject = ngettext(
            "Daily digest: %(count)d update on your cases",
            "Daily digest: %(count)d updates on your cases",
            len(items),
        ) % {"count": len(items)}
        body = render_to_string(
            "notifications/email/digest.txt",
            {"items": items, "settings_url": absolute_url(reverse("account_settings"))},
        )
        return _message(user, subject, body)


def reminder(reminder: Reminder) -> EmailMessage:
    """A personal reminder on its day: the case reference and its link, never the note the
    author typed (it may name someone)."""
    user = reminder.author
    case = reminder.case
    with translation.override(user.language):
        params = {"reference": case.reference}
        item = Item(
            subject=_("Reminder: case %(reference)s") % params,
            happened=_("You asked to be reminded of case %(reference)s today.") % params,
            to_do=str(_("Sign in to see your reminder on the Today page and dismiss it.")),
            when=date_display(reminder.remind_on, "DATE_FORMAT"),
            url=absolute_url(case.get_absolute_url()),
        )
        body = render_to_string(
            "notifications/email/notification.txt",
            {"item": item, "settings_url": absolute_url(reverse("account_settings"))},
        )
        return _message(user, item.subject, body)
