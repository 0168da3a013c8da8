"""Who is told what happened to a case, and whether the e-mail went out.

A Notification is one e-mail owed to one user about one case event. It is created in the same
transaction as the event, sent once (sent_at), either at once or in the recipient's daily digest.
The unique (recipient, event, kind) key makes creating it twice harmless.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """How a user wants to be told; a user without a row gets an e-mail for each update."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("One e-mail for each update")
        DIGEST = "digest", _("One e-mail a day with all the updates (daily digest)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mode = models.CharField(
        _("e-mail notifications"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} {self.mode}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Case submitted")
        RESUBMITTED = "resubmitted", _("Case resubmitted")
        INFO_REQUESTED = "info_requested", _("Information requested")
        ESCALATED = "escalated", _("Case escalated")
        FOLLOWED_UP = "followed_up", _("Case escalated again")
        RESPONDED = "responded", _("Government responded")
        CLOSED = "closed", _("Case closed")
        FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
        MESSAGE_TO_COUNCIL = "message_council", _("Message to the council")
        MESSAGE_TO_MEMBER = "message_member", _("Message to the member organisation")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Chosen when the notification is created, from the recipient's preference then.
    via_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event", "kind"], name="notification_once_per_event"
            )
        ]
        indexes = [
            # The digest and retry sweeps read only what is still unsent.
            models.Index(
                fields=["via_digest", "recipient"],
                condition=Q(sent_at__isnull=True),
                name="notification_unsent_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id} -> {self.recipient_id}"
