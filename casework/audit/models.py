"""The audit log: who did what, when, from where. Append-only.

Rows are only ever inserted. The ORM refuses to change or delete one (AuditEntry.save on an
existing row, AuditEntry.delete, and QuerySet.update/delete raise AuditLogIsAppendOnly), the
admin shows them read-only, and an account with history cannot be deleted (PROTECT): deactivate
it instead. There is deliberately no database trigger, so the same code runs on SQLite and
PostgreSQL; a production database that must also resist someone with SQL access should give
the application's role only INSERT and SELECT on this table:

    REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM casework;

Case references are kept as text, not as a foreign key: the history of a case must outlive
anything that happens to the case's rows (anonymisation, removal).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class Action(models.TextChoices):
    CASE_VIEWED = "case.viewed", _("viewed the case")
    ACCESS_HISTORY_VIEWED = "case.access_history_viewed", _("viewed the access history")
    DOCUMENT_DOWNLOADED = "document.downloaded", _("downloaded a document")
    BRIEFING_EXPORTED = "briefing.exported", _("generated a briefing")
    BRIEFING_DOWNLOADED = "briefing.downloaded", _("downloaded a briefing")
    CASE_LIST_EXPORTED = "cases.exported", _("exported the case list")
    STATISTICS_EXPORTED = "statistics.exported", _("exported statistics")
    CASE_DRAFT_DELETED = "case.draft_deleted", _("deleted a draft case")
    CASE_SHARED = "case.shared", _("shared the case")
    CASE_UNSHARED = "case.unshared", _("withdrew a share of the case")
    GROUP_JOINED = "group.joined", _("added an account to a group")
    GROUP_LEFT = "group.left", _("removed an account from a group")
    MEMBERSHIP_CHANGED = "membership.changed", _("set an account's organisation and role")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login.failed", _("failed to sign in")
    LOGOUT = "logout", _("signed out")
    ORGANISATION_APPLIED = "organisation.applied", _("applied for membership")
    ORGANISATION_CREATED = "organisation.created", _("created an organisation")
    ORGANISATION_EDITED = "organisation.edited", _("edited an organisation")
    ORGANISATION_APPROVED = "organisation.approved", _("approved a membership application")
    ORGANISATION_DECLINED = "organisation.declined", _("declined a membership application")
    ORGANISATION_SUSPENDED = "organisation.suspended", _("suspended an organisation")
    ORGANISATION_REACTIVATED = "organisation.reactivated", _("reactivated an organisation")
    INVITATION_SENT = "invitation.sent", _("invited someone")
    INVITATION_RESENT = "invitation.resent", _("sent an invitation again")
    INVITATION_REVOKED = "invitation.revoked", _("revoked an invitation")
    INVITATION_ACCEPTED = "invitation.accepted", _("accepted an invitation")
    INVITATION_REFUSED = "invitation.refused", _("used an invitation that no longer works")
    ACCOUNT_DEACTIVATED = "account.deactivated", _("deactivated an account")
    ACCOUNT_REACTIVATED = "account.reactivated", _("reactivated an account")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("asked for a password reset")
    PASSWORD_RESET_SENT = "password.reset_sent", _("was sent a password reset link")
    PASSWORD_RESET_DONE = "password.reset", _("reset their password")
    PASSWORD_CHANGED = "password.changed", _("changed their password")
    SECOND_FACTOR_ENROLLED = "second_factor.enrolled", _("turned on two-step sign-in")
    DISCLOSURE_MADE = "disclosure.made", _("disclosed to a government agency")
    DISCLOSURE_REVOKED = "disclosure.revoked", _("revoked a disclosure")
    DISCLOSURE_OPENED = "disclosure.opened", _("opened a disclosure")
    DISCLOSURE_DOWNLOADED = "disclosure.downloaded", _("downloaded a disclosed file")
    DISCLOSURE_SENT = "disclosure.sent", _("e-mailed a disclosure's link to the agency")
    DISCLOSURE_LINK_FOLLOWED = (
        "disclosure.link_followed",
        _("followed a disclosure's e-mailed link"),
    )
    DISCLOSURE_LINK_REFUSED = (
        "disclosure.link_refused",
        _("used a disclosure link that no longer works"),
    )
    API_TOKEN_CREATED = "api_token.created", _("created an API token")
    API_TOKEN_REVOKED = "api_token.revoked", _("revoked an API token")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    action = models.CharField(_("what"), max_length=40, choices=Action.choices, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The actor's username at the time, or the username typed into a failed sign-in.
    username = models.CharField(_("username"), max_length=150, blank=True, editable=False)
    case_reference = models.CharField(_("case"), max_length=20, blank=True, editable=False)
    # What the action was about besides the case: "document 12", "v3", "group org:Member A".
    target = models.CharField(_("object"), max_length=200, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(
        _("from (IP address)"), null=True, blank=True, editable=False
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        # Related-object access goes through the refusing queryset too.
        base_manager_name = "objects"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_reference", "at"], name="audit_case_at"),
            # Throttles count an action's recent entries (password resets, applications).
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")
