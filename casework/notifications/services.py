"""Who must hear about a case event, and sending the e-mails exactly once.

notify() runs inside the transaction that wrote the event (a case transition, the follow-up
timer): the Notification rows commit or roll back with it, and tasks.notify_soon hands the
immediate ones to the background queue only once committed. Sending locks the row and re-checks
sent_at, so a task delivered twice (late acknowledgement, a retry sweep, a second digest run)
sends nothing twice.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casework.accounts.models import User
from casework.cases.models import CaseEvent, Reminder
from casework.cases.selectors import cases_visible_to

from . import emails, selectors
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

Kind = Notification.Kind

# The case event that owes an e-mail, and which one.
KIND_BY_ACTION = {
    "case.submit": Kind.SUBMITTED,
    "case.resubmit": Kind.RESUBMITTED,
    "case.request_info": Kind.INFO_REQUESTED,
    "case.escalate": Kind.ESCALATED,
    "case.follow_up": Kind.FOLLOWED_UP,
    "case.record_response": Kind.RESPONDED,
    "case.close": Kind.CLOSED,
    "case.follow_up_due": Kind.FOLLOW_UP_DUE,
}

# An immediate e-mail still unsent after this long was lost on the way (broker down at commit,
# SMTP refused): the retry sweep sends it. Older than the window, it is no longer worth sending.
RETRY_AFTER = datetime.timedelta(minutes=10)
RETRY_WINDOW = datetime.timedelta(days=2)


def notify(*, event: CaseEvent, kind: str | None = None) -> list[int]:
    """Owe an e-mail about the event to each recipient; returns the ids of immediate ones.

    `kind`: which e-mail, when the event's action does not say (a message: to which side).
    Call inside the transaction that wrote the event; tasks.notify_soon also queues them.
    """
    kind = kind or KIND_BY_ACTION.get(event.action)
    if kind is None:
        return []
    recipients = selectors.recipients(kind, event.case)
    if kind in (Kind.MESSAGE_TO_COUNCIL, Kind.MESSAGE_TO_MEMBER):
        recipients = recipients.exclude(pk=event.actor_id)  # nobody is told their own message
    user_ids = list(recipients.values_list("pk", flat=True))
    digest_ids = set(
        NotificationPreference.objects.filter(
            user__in=user_ids, mode=NotificationPreference.Mode.DIGEST
        ).values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id, event=event, kind=kind, via_digest=user_id in digest_ids
            )
            for user_id in user_ids
        ],
        ignore_conflicts=True,
    )
    return list(
        Notification.objects.filter(
            event=event, kind=kind, via_digest=False, sent_at__isnull=True
        ).values_list("pk", flat=True)
    )


def notification_send(*, notification_id: int) -> bool:
    """Send one immediate notification unless it went out already; True when sent now.

    The row stays locked while the e-mail is handed to the mail server: a second worker holding
    the same task waits, then finds sent_at set. If sending fails, nothing is marked and the
    retry sweep tries again.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "event__case")
            .filter(pk=notification_id, sent_at__isnull=True, via_digest=False)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            return False
        emails.single(notification).send()
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    return True


def _digest_pending() -> QuerySet[Notification]:
    return Notification.objects.filter(
        via_digest=True,
        sent_at__isnull=True,
        recipient__is_active=True,
    ).exclude(recipient__email="")


def digests_send() -> int:
    """One e-mail per user with every digest notification not sent yet; returns how many.

    Safe to run twice at once: each user's rows are locked (skip_locked on PostgreSQL), so the
    second run skips a user the first is e-mailing, and finds nothing left afterwards.
    """
    recipient_ids = list(
        _digest_pending().order_by().values_list("recipient_id", flat=True).distinct()
    )
    return sum(_digest_send(recipient_id) for recipient_id in recipient_ids)


def _digest_send(recipient_id: int) -> bool:
    with transaction.atomic():
        pending = list(
            _digest_pending()
            .filter(recipient_id=recipient_id)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "event__case")
            .order_by("created_at", "id")
        )
        if not pending:
            return False
        emails.digest(pending[0].recipient, pending).send()
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=timezone.now())
    return True


def pending_send() -> int:
    """Send the immediate notifications that should have gone out and did not."""
    now = timezone.now()
    stuck = Notification.objects.filter(
        via_digest=False,
        sent_at__isnull=True,
        created_at__lte=now - RETRY_AFTER,
        created_at__gte=now - RETRY_WINDOW,
        recipient__is_active=True,
    ).exclude(recipient__email="")
    sent = 0
    for notification_id in stuck.values_list("pk", flat=True):
        try:
            sent += notification_send(notification_id=notification_id)
        except Exception as error:  # one bad address must not block the others
            # The error's text may quote the address: log its type only.
            logger.warning(
                "Notification %s could not be sent: %s", notification_id, type(error).__name__
            )
    return sent


def preference_mode(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.mode if preference else NotificationPreference.Mode.IMMEDIATE


@transaction.atomic
def settings_update(
    *, user: User, language: str, time_zone: str, telephone: str, notification_mode: str
) -> None:
    """The user's own settings: interface and e-mail language, time zone, telephone, e-mail
    rhythm."""
    user.language = language
    user.time_zone = time_zone
    user.telephone = telephone
    user.save(update_fields=["language", "time_zone", "telephone"])
    NotificationPreference.objects.update_or_create(user=user, defaults={"mode": notification_mode})


def reminders_send() -> int:
    """E-mail each personal reminder that asked for one, on its day; returns how many.

    A reminder is e-mailed once (emailed_at, set under the row's lock), only while its author
    is active and may still see the case, and not once dismissed; one whose day passed more than
    RETRY_WINDOW ago is no longer worth sending.
    """
    today = timezone.localdate()
    due = Reminder.objects.filter(
        email=True,
        emailed_at__isnull=True,
        dismissed_at__isnull=True,
        remind_on__lte=today,
        remind_on__gte=today - RETRY_WINDOW,
        author__is_active=True,
    ).exclude(author__email="")
    return sum(_reminder_send(pk) for pk in due.values_list("pk", flat=True))


def _reminder_send(reminder_id: int) -> bool:
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("author", "case")
            .filter(pk=reminder_id, emailed_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        if not cases_visible_to(reminder.author).filter(pk=reminder.case_id).exists():
            return False
        emails.reminder(reminder).send()
        reminder.emailed_at = timezone.now()
        reminder.save(update_fields=["emailed_at"])
    return True
