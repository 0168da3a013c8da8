"""The disclosure ledger: what left the council for a government agency, item by item, and
the escalations and government responses it answers to.

A Disclosure is written once and never changed: the agency (and the named contact when known),
the escalation record as it was sent (what is asked, by when, the council contact), the items
(a briefing version, documents) with the sha256 of their bytes, the consent that covered it or
the council's override with its reason, who disclosed it, when and how. Revoking it adds a
DisclosureRevocation beside it: the contact loses access at once, and the ledger keeps both facts.

An Escalation is one request to one agency (a removal case may ask IRCC to expedite an H&C
decision and CBSA to defer the removal): its own state, its own follow-up timer
(casework.cases.deadlines), its own responses. A GovernmentResponse is written once.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.accounts.models import Agency
from casework.briefings.models import Briefing
from casework.cases.models import Case, Consent, Document, PrivateStorage
from casework.inputs import CleanInputModelMixin


class Immutable(models.Model):
    """Insert-only: a ledger row is never updated or deleted through the ORM's instances."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} is a ledger entry: it cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} is a ledger entry: it cannot be deleted")


class Escalation(CleanInputModelMixin, models.Model):
    """One request of the council to one agency about a case.

    States (written by the services only, casework.cases.services):

        open      sent, waiting for the agency: the follow-up timer runs (reply expected by,
                  else sent on + FOLLOW_UP_DAYS; from the day of a follow-up after one)
        answered  a response is recorded: the timer stops; the response's next date, if any,
                  is the new deadline
        closed    the case is finished (closed, declined, withdrawn): no deadline

    answered -> open when the council follows up with the government (Case.follow_up).
    """

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for the agency")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="escalations", verbose_name=_("case")
    )
    agency = models.CharField(_("agency"), max_length=10, choices=Agency.choices)
    requested_action = models.TextField(
        _("what is asked of the agency"), blank=True, max_length=2000
    )
    sent_on = models.DateField(_("date sent"))
    reply_expected_on = models.DateField(_("reply expected by"), null=True, blank=True)
    government_reference = models.CharField(_("government reference"), max_length=60, blank=True)
    council_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("council contact"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    # The day the council last followed up: the timer of the new round starts from it.
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("escalated by"),
    )
    created_at = models.DateTimeField(_("escalated"), default=timezone.now)

    class Meta:
        ordering = ["case", "sent_on", "id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"escalation {self.pk} ({self.agency})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class GovernmentResponse(CleanInputModelMixin, Immutable):
    """What the agency answered to one escalation, as recorded (never changed afterwards)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")
        PORTAL = "portal", _("Disclosure portal")
        NOT_STATED = "not_stated", _("Not stated")

    class Decision(models.TextChoices):
        REMOVAL_DEFERRED = "removal_deferred", _("Removal deferred")
        STAY_GRANTED = "stay_granted", _("Stay granted")
        REFUSED = "refused", _("Refused")
        UNDER_REVIEW = "under_review", _("Under review")
        TRP_ISSUED = "trp_issued", _("Temporary resident permit issued")
        HC_APPROVED = "hc_approved", _("H&C approved in principle")
        NO_RESPONSE = "no_response", _("No response")
        OTHER = "other", _("Other")

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="responses")
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    officer = models.CharField(_("officer"), max_length=150, blank=True)
    reference = models.CharField(_("their reference"), max_length=60, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    next_date = models.DateField(
        _("next date"),
        null=True,
        blank=True,
        help_text=_("A date the agency set (a decision due, a new removal date): a deadline."),
    )
    summary = models.TextField(_("summary"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    by_agency = models.BooleanField(_("recorded by the agency's contact"), default=False)

    class Meta:
        ordering = ["escalation", "received_on", "id"]
        verbose_name = _("government response")
        verbose_name_plural = _("government responses")

    def __str__(self) -> str:
        return f"response {self.pk} to escalation {self.escalation_id}"


class Disclosure(Immutable):
    class Channel(models.TextChoices):
        PORTAL = "portal", _("Casework disclosure portal")
        EMAIL = "email", _("E-mailed link to the portal")
        MIGRATED = "migrated", _("Case access before the ledger existed")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("case")
    )
    agency = models.CharField(_("agency"), max_length=10, choices=Agency.choices)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures_received",
        verbose_name=_("agency contact"),
    )
    # The escalation it belongs to (none for a disclosure made before escalations existed
    # without one), and the escalation record as the agency received it.
    escalation = models.ForeignKey(
        Escalation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name=_("escalation"),
    )
    requested_action = models.TextField(_("what is asked of the agency"), blank=True)
    reply_expected_on = models.DateField(_("reply expected by"), null=True, blank=True)
    government_reference = models.CharField(_("government reference"), max_length=60, blank=True)
    council_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("council contact"),
    )
    # The basis: a consent in force covering the agency, or the council's override.
    consent = models.ForeignKey(
        Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(_("reason for disclosing without consent"), blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("disclosed by"),
    )
    disclosed_at = models.DateTimeField(_("disclosed"), default=timezone.now)
    channel = models.CharField(
        _("delivered by"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        permissions = [
            ("receive_disclosures", _("Can read the disclosures addressed to one's agency")),
        ]

    def __str__(self) -> str:
        return f"disclosure {self.pk} ({self.agency})"

    @property
    def is_revoked(self) -> bool:
        return hasattr(self, "revocation")


class DisclosedItem(Immutable):
    """One thing disclosed: a briefing version or a document, with the digest of its bytes.

    The file may be deleted later (retention): the row keeps what was sent and its digest.
    """

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Briefing")
        DOCUMENT = "document", _("Document")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    briefing = models.ForeignKey(
        Briefing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["disclosure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "position"], name="disclosed_item_position_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.briefing_id or self.document_id} ({self.sha256[:12]})"


class DisclosureRevocation(Immutable):
    """The council withdrew a disclosure: the contact cannot open it from this moment."""

    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.PROTECT, related_name="revocation"
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), default=timezone.now)
    reason = models.TextField(_("reason"))

    def __str__(self) -> str:
        return f"revocation of disclosure {self.disclosure_id}"


def _package_name(instance: "DisclosurePackage", filename: str) -> str:
    # Random storage names, as for documents and briefings.
    return f"packages/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.pdf"


class DisclosurePackage(Immutable):
    """The one PDF of a disclosure: its briefing, a table of annexes, the annexes (package.py).

    Built once, after the disclosure is committed; the digest is of the exact bytes served.
    """

    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="package")
    file = models.FileField(storage=PrivateStorage, upload_to=_package_name, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    annexes = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"package of disclosure {self.disclosure_id}"

    @property
    def filename(self) -> str:
        return f"{self.disclosure.case.reference}-disclosure-{self.disclosure_id}.pdf"
