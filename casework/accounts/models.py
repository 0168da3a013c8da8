"""Organisations, their people and what each person may do.

An account belongs to exactly one organisation (a person who works for two member
organisations gets two accounts): a case is always created for the creator's organisation and
nobody can pick another one by mistake.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from casework.inputs import CleanInputModelMixin

# Digits, spaces and the usual punctuation of a North American number, an extension allowed:
# "+1 514-555-0199 ext. 12". Urgent removals are handled by telephone.
telephone_validator = RegexValidator(
    r"^\+?[0-9 ().\-]{7,25}(\s*(ext\.?|x|poste)\s*[0-9]{1,6})?$",
    _("Enter a telephone number: digits, spaces, +, -, brackets, and an extension if any."),
)


class Agency(models.TextChoices):
    IRCC = "IRCC", _("IRCC Case Management Branch")
    CBSA = "CBSA", _("Canada Border Services Agency")


def organisation_name_in(language: str | None, *, name: str, name_fr: str) -> str:
    """An organisation's name in `language` from its two columns (Organisation.name_in; lists
    that read the columns alone, as the case list does, ask here)."""
    if language and language.lower().startswith("fr") and name_fr:
        return name_fr
    return name


def display_name_of(first_name: str, last_name: str, username: str) -> str:
    """How a person is shown (User.display_name): their full name, else their login."""
    return f"{first_name} {last_name}".strip() or username


class Organisation(CleanInputModelMixin, models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        MEMBER = "member", _("Member organisation")
        GOVERNMENT = "government", _("Government agency")

    class Province(models.TextChoices):
        AB = "AB", _("Alberta")
        BC = "BC", _("British Columbia")
        MB = "MB", _("Manitoba")
        NB = "NB", _("New Brunswick")
        NL = "NL", _("Newfoundland and Labrador")
        NS = "NS", _("Nova Scotia")
        NT = "NT", _("Northwest Territories")
        NU = "NU", _("Nunavut")
        ON = "ON", _("Ontario")
        PE = "PE", _("Prince Edward Island")
        QC = "QC", _("Quebec")
        SK = "SK", _("Saskatchewan")
        YT = "YT", _("Yukon")

    class Status(models.TextChoices):
        """A member's standing with the council (OrganisationStatusChange keeps every change).

        pending    an application waiting for council staff: nobody works for it yet
        active     approved: its people work, invite and submit cases
        declined   an application the council did not approve (terminal; kept)
        suspended  its people may sign in and read their cases, but submit nothing new
        """

        PENDING = "pending", _("Application pending")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Application declined")
        SUSPENDED = "suspended", _("Suspended")

    # The English name; the French one, when the organisation has one, is name_fr (name_in).
    name = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_fr = models.CharField(
        _("name (French)"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty if the organisation uses one name in both languages."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    telephone = models.CharField(
        _("telephone"), max_length=40, blank=True, validators=[telephone_validator]
    )
    address = models.TextField(_("postal address"), blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("For example: Greater Montréal.")
    )
    services = models.TextField(_("services offered"), blank=True)
    clientele = models.TextField(_("clientele"), blank=True)
    works_in_english = models.BooleanField(_("works in English"), default=True)
    works_in_french = models.BooleanField(_("works in French"), default=False)
    agency = models.CharField(
        _("agency"),
        max_length=10,
        choices=Agency.choices,
        blank=True,
        help_text=_("For a government organisation: which agency it is."),
    )
    # Case permissions go to this group (one row per case, not one per case and user).
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisation")
    # Who applied for membership, to whom the first administrator's invitation goes.
    applicant_name = models.CharField(_("contact person"), max_length=150, blank=True)
    applicant_email = models.EmailField(_("contact person's e-mail address"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [
            ("manage_organisations", "Review applications, suspend and reactivate members"),
            ("invite_members", "Invite people into an organisation"),
            ("manage_members", "Change the role of accounts, deactivate and reactivate them"),
        ]

    def __str__(self) -> str:
        # The reader's language: every page, list and e-mail that prints an organisation names
        # it as its reader would ("Conseil canadien pour les réfugiés" for a French reader).
        return self.name_in(translation.get_language())

    def name_in(self, language: str | None) -> str:
        """The organisation's name in `language` ("en", "fr", "fr-ca"...): English otherwise."""
        return organisation_name_in(language, name=self.name, name_fr=self.name_fr)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED

    @property
    def default_language(self) -> str:
        """The language to write to the organisation in: French when it works in French only."""
        return "fr" if self.works_in_french and not self.works_in_english else "en"


class OrganisationStatusChange(models.Model):
    """One change of an organisation's standing, with who made it and why. Kept forever."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Organisation.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Organisation.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("organisation status change")
        verbose_name_plural = _("organisation status changes")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.from_status} -> {self.to_status}"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    COUNCIL_STAFF = "council_staff", _("Council staff")
    POLICY_DIRECTOR = "policy_director", _("Policy director")
    GOVERNMENT_CONTACT = "government_contact", _("Government contact")


# The roles each kind of organisation has.
ROLES_BY_KIND = {
    Organisation.Kind.COUNCIL: (Role.COUNCIL_STAFF, Role.POLICY_DIRECTOR),
    Organisation.Kind.MEMBER: (Role.CASEWORKER, Role.ORG_ADMIN),
    Organisation.Kind.GOVERNMENT: (Role.GOVERNMENT_CONTACT,),
}

# How far up a role stands: nobody gives a role, or acts on an account, above their own
# (casework.accounts.rules). A caseworker and a government contact stand level.
ROLE_RANK = {
    Role.CASEWORKER: 1,
    Role.GOVERNMENT_CONTACT: 1,
    Role.ORG_ADMIN: 2,
    Role.COUNCIL_STAFF: 3,
    Role.POLICY_DIRECTOR: 4,
}

# An authenticator app for the second sign-in step.
SECOND_FACTOR = "otp_totp.add_totpdevice"
_MEMBER = frozenset({"cases.add_case", "cases.view_statistics"})
_COUNCIL = frozenset(
    {
        "cases.view_submitted_case",
        "cases.triage_case",
        "cases.view_internal_note",
        "cases.view_statistics",
        "cases.view_internal_statistics",
        "audit.view_auditentry",
        SECOND_FACTOR,
        # the member organisations: applications, suspension; invitations into them
        "accounts.manage_organisations",
        "accounts.invite_members",
    }
)

# What each role may do, in the one vocabulary of casework.cases.rules: permissions. They are
# granted from the account's membership by MembershipModelBackend, in code: groups carry only
# object permissions (an organisation's cases), so reading a person's rights costs no query.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CASEWORKER: _MEMBER,
    # The member's administrator: its own people (invite, change roles, deactivate), shares.
    Role.ORG_ADMIN: _MEMBER
    | {"cases.share_case", "accounts.invite_members", "accounts.manage_members"},
    Role.COUNCIL_STAFF: _COUNCIL,
    # The council's administrator: as council staff, and the accounts of the council and of
    # the organisations it looks after.
    Role.POLICY_DIRECTOR: _COUNCIL | {"accounts.manage_members", "cases.reopen_case"},
    # Need to know only: the disclosures the council addressed to their agency, never a case
    # (casework.disclosures.rules).
    Role.GOVERNMENT_CONTACT: frozenset({SECOND_FACTOR, "disclosures.receive_disclosures"}),
}


class User(CleanInputModelMixin, AbstractUser):
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Toronto")
    telephone = models.CharField(
        _("telephone"),
        max_length=40,
        blank=True,
        validators=[telephone_validator],
        help_text=_("Where the council can reach you about an urgent case."),
    )
    # Raised to end every session of the account at once (its organisation suspended): a
    # session keeps a hash of this with the password, and one that no longer matches is over.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # Lists and selects show people by name, never by their login.
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name_of(self.first_name, self.last_name, self.get_username())

    def _get_session_auth_hash(self, secret=None):
        # Django's session hash is an HMAC of the password; the epoch joins it once raised, so
        # the sessions open before stay valid until then (and after a deploy of this).
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "casework.accounts.models.User.session_epoch"
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def role(self) -> str | None:
        membership = getattr(self, "membership", None)
        return membership.role if membership else None

    @property
    def organisation(self) -> Organisation | None:
        membership = getattr(self, "membership", None)
        return membership.organisation if membership else None

    @property
    def organisation_id(self) -> int | None:
        membership = getattr(self, "membership", None)
        return membership.organisation_id if membership else None


class Membership(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation to open an account in an organisation, with a role.

    The link carries a random token; only its keyed hash is stored (token_hash), so the table
    gives nobody a usable link. It works once, until expires_at, unless revoked; resending
    makes a new token (the old link stops working) and a new expiry.
    """

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    language = models.CharField(
        _("language of the e-mail"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # When the e-mail last went out; empty when sending failed (resend it).
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.role})"

    @staticmethod
    def hash_token(token: str) -> str:
        """The keyed hash stored for a token (SECRET_KEY: a stolen table forges no link)."""
        return salted_hmac("casework.accounts.Invitation", token, algorithm="sha256").hexdigest()

    @property
    def is_open(self) -> bool:
        """Neither used nor revoked (it may still have expired)."""
        return self.accepted_at is None and self.revoked_at is None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()
