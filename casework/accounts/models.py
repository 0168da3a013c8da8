"""Organisations, their people and what each person may do.

An account belongs to exactly one organisation (a person who works for two member
organisations gets two accounts): a case is always created for the creator's organisation and
nobody can pick another one by mistake.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.inputs import CleanInputModelMixin


class Agency(models.TextChoices):
    IRCC = "IRCC", _("IRCC Case Management Branch")
    CBSA = "CBSA", _("Canada Border Services Agency")


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

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    COUNCIL_STAFF = "council_staff", _("Council staff")
    POLICY_DIRECTOR = "policy_director", _("Policy director")
    GOVERNMENT_CONTACT = "government_contact", _("Government contact")


_MEMBER = frozenset({"cases.add_case", "cases.view_statistics"})
_COUNCIL = frozenset(
    {
        "cases.view_submitted_case",
        "cases.triage_case",
        "cases.view_internal_note",
        "cases.view_statistics",
        "cases.view_internal_statistics",
        "audit.view_auditentry",
        # an authenticator app for the optional second sign-in step
        "otp_totp.add_totpdevice",
    }
)

# What each role may do, in the one vocabulary of casework.cases.rules: permissions. They are
# granted from the account's membership by MembershipModelBackend, in code: groups carry only
# object permissions (an organisation's cases), so reading a person's rights costs no query.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CASEWORKER: _MEMBER,
    Role.ORG_ADMIN: _MEMBER | {"cases.share_case"},
    Role.COUNCIL_STAFF: _COUNCIL,
    Role.POLICY_DIRECTOR: _COUNCIL,
    Role.GOVERNMENT_CONTACT: frozenset(),
}


class User(CleanInputModelMixin, AbstractUser):
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Toronto")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()

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
