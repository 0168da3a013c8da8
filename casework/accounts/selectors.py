"""Reads about organisations and accounts."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.cases import rules as case_rules
from casework.cases.models import NON_TERMINAL, TERMINAL, Case, CaseUserObjectPermission
from casework.cases.selectors import cases_visible_to

from . import rules
from .models import (
    ROLE_PERMISSIONS,
    Invitation,
    Membership,
    Organisation,
    OrganisationStatusChange,
    User,
)


def second_factor_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def users_with_permission(permission: str) -> QuerySet[User]:
    """Active accounts whose role grants `permission` (see ROLE_PERMISSIONS)."""
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]
    return User.objects.filter(is_active=True, membership__role__in=roles)


# Council staff, as the "assign to" selects name them (the case page's and the council's case
# list's): a minute's copy spares reading them on every page; receivers.forget_staff_choices
# drops it when an account or a membership is saved. Which account may be chosen is still
# checked against the database when the form is sent (StaffChoiceField's queryset).
STAFF_CHOICES_SECONDS = 60
_STAFF_CHOICES_KEY = "accounts:staff-choices"


def staff() -> QuerySet[User]:
    """The accounts a case may be assigned to, by their names as colleagues know them."""
    return (
        users_with_permission(case_rules.TRIAGE)
        .only("username", "first_name", "last_name")
        .order_by("first_name", "last_name", "pk")
    )


def staff_choices() -> list[tuple[int, str]]:
    """(id, display name) of every account `staff()` lists, in its order."""
    choices = cache.get(_STAFF_CHOICES_KEY)
    if choices is None:
        choices = [(account.pk, account.display_name) for account in staff()]
        cache.set(_STAFF_CHOICES_KEY, choices, STAFF_CHOICES_SECONDS)
    return choices


def forget_staff_choices() -> None:
    cache.delete(_STAFF_CHOICES_KEY)


# Organisations

# The case list's organisation filter reads every member organisation on each request of
# council staff; a minute's copy per language spares that read (a third of the page at 300
# members), and receivers.forget_member_organisation_choices drops it when one is saved.
MEMBER_CHOICES_SECONDS = 60


def _member_choices_key(language: str) -> str:
    return f"accounts:member-organisation-choices:{language}"


def member_organisation_choices(language: str) -> list[tuple[int, str]]:
    """Every member organisation as (id, name in `language`), sorted by that name."""
    language = language[:2].lower()  # "fr-ca" reads as "fr", as Organisation.name_in does
    key = _member_choices_key(language)
    choices = cache.get(key)
    if choices is None:
        members = Organisation.objects.filter(kind=Organisation.Kind.MEMBER).only("name", "name_fr")
        named = ((member.pk, member.name_in(language)) for member in members)
        choices = sorted(named, key=lambda choice: choice[1].casefold())
        cache.set(key, choices, MEMBER_CHOICES_SECONDS)
    return choices


_MEMBER_CHOICES_VERSION_KEY = "accounts:member-organisation-choices:version"


def member_organisation_choices_version() -> str:
    """A token that changes whenever the choices are forgotten: what keeps a copy of markup
    drawn from them (the case list's filters) is keyed by it."""
    return cache.get_or_set(
        _MEMBER_CHOICES_VERSION_KEY, lambda: uuid.uuid4().hex, MEMBER_CHOICES_SECONDS
    )


def forget_member_organisation_choices() -> None:
    cache.delete_many(
        [
            _MEMBER_CHOICES_VERSION_KEY,
            *(_member_choices_key(language) for language, _name in settings.LANGUAGES),
        ]
    )


@dataclass(frozen=True)
class OrganisationFilters:
    status: str = ""
    kind: str = ""
    province: str = ""
    text: str = ""  # in either name, the region, the services or the clientele


def _count(queryset: QuerySet) -> Coalesce:
    """How many rows of `queryset` (filtered on OuterRef("pk")), as one correlated subquery:
    two Count() over two joins would multiply each other."""
    counted = queryset.order_by().values("organisation").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def organisation_list(filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Organisations for council staff, with their active accounts and submitted cases counted.

    Drafts are the member's own: the council counts cases from their submission on.
    """
    organisations = Organisation.objects.all()
    if filters.status:
        organisations = organisations.filter(status=filters.status)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.province:
        organisations = organisations.filter(province=filters.province)
    if text := filters.text.strip():
        organisations = organisations.filter(
            Q(name__icontains=text)
            | Q(name_fr__icontains=text)
            | Q(region__icontains=text)
            | Q(services__icontains=text)
            | Q(clientele__icontains=text)
        )
    submitted = Case.objects.filter(organisation=OuterRef("pk"), submitted_at__isnull=False)
    return organisations.annotate(
        active_accounts=_count(
            Membership.objects.filter(organisation=OuterRef("pk"), user__is_active=True)
        ),
        submitted_cases=_count(submitted),
        open_cases=_count(submitted.filter(status__in=NON_TERMINAL)),
    ).order_by("name")


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """The organisations whose page the user may open (rules.can_see_organisation)."""
    if rules.can_manage_organisations(user):
        return Organisation.objects.all()
    if user.organisation_id is None or not rules.can_see_organisation(user, user.organisation):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=user.organisation_id)


def case_counts(user: User, organisation: Organisation) -> dict[str, int]:
    """The organisation's cases the user may see: open, finished and in all, in one query."""
    return (
        cases_visible_to(user)
        .filter(organisation=organisation)
        .aggregate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=NON_TERMINAL)),
            finished=Count("pk", filter=Q(status__in=TERMINAL)),
        )
    )


def members_of(organisation: Organisation) -> QuerySet[User]:
    """The organisation's accounts, active first, by name, with their membership."""
    return (
        User.objects.filter(membership__organisation=organisation)
        .select_related("membership__organisation")
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def invitations_open(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (expired ones too: they can be resent)."""
    return organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by", "organisation")


def status_history(organisation: Organisation) -> QuerySet[OrganisationStatusChange]:
    return organisation.status_changes.select_related("actor")


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation the link's token belongs to, whatever its state; None if none."""
    return (
        Invitation.objects.filter(token_hash=Invitation.hash_token(token))
        .select_related("organisation")
        .first()
    )


def invitation_visible_to(user: User, invitation_id: int) -> Invitation | None:
    """An invitation of an organisation the user may see the page of; None otherwise (404)."""
    return (
        Invitation.objects.filter(pk=invitation_id, organisation__in=organisations_visible_to(user))
        .select_related("organisation")
        .first()
    )


def member_visible_to(user: User, member_id: int) -> User | None:
    """An account of an organisation the user may see the page of; None otherwise (404)."""
    return (
        User.objects.filter(
            pk=member_id, membership__organisation__in=organisations_visible_to(user)
        )
        .select_related("membership__organisation")
        .first()
    )


def open_invitation_exists(organisation: Organisation, email: str) -> bool:
    return invitations_open(organisation).filter(email__iexact=email).exists()


def account_exists(organisation: Organisation, email: str) -> bool:
    return members_of(organisation).filter(is_active=True, email__iexact=email).exists()


def accounts_for_password_reset(email: str) -> QuerySet[User]:
    """Active accounts with this e-mail address, the only ones a reset link is sent to."""
    return User.objects.filter(is_active=True, email__iexact=email).exclude(password="")


# Shares of a case with named users


def case_shares(case: Case) -> QuerySet[User]:
    """The people outside the case's organisation it is shared with (case_share)."""
    return (
        User.objects.filter(
            pk__in=CaseUserObjectPermission.objects.filter(
                content_object=case, permission__codename="view_case"
            ).values("user")
        )
        .select_related("membership__organisation")
        .order_by("first_name", "last_name", "username")
    )


def share_candidate(case: Case, email: str) -> User | None:
    """The account the case may be shared with that has this e-mail address, if exactly one.

    A person with accounts in two member organisations is ambiguous: None, as for nobody.
    """
    accounts = (
        User.objects.filter(is_active=True, email__iexact=email.strip())
        .exclude(membership__organisation=case.organisation_id)
        .select_related("membership__organisation")[:5]
    )
    candidates = [user for user in accounts if case_rules.can_be_shared_with(user, case)]
    return candidates[0] if len(candidates) == 1 else None
