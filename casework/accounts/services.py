"""Writes for organisations and accounts."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import rules
from .models import Membership, Organisation, Role, User

ROLES_BY_KIND = {
    Organisation.Kind.COUNCIL: {Role.COUNCIL_STAFF, Role.POLICY_DIRECTOR},
    Organisation.Kind.MEMBER: {Role.CASEWORKER, Role.ORG_ADMIN},
    Organisation.Kind.GOVERNMENT: {Role.GOVERNMENT_CONTACT},
}


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str = Organisation.Kind.MEMBER,
    province: str = "",
    works_in_english: bool = True,
    works_in_french: bool = False,
    agency: str = "",
) -> Organisation:
    group = Group.objects.create(name=f"org:{name}")
    organisation = Organisation(
        name=name,
        kind=kind,
        province=province,
        works_in_english=works_in_english,
        works_in_french=works_in_french,
        agency=agency,
        group=group,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    organisation: Organisation,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "en",
) -> User:
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise ValueError(f"role {role} does not exist in a {organisation.kind} organisation")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    membership_sync_groups(user)
    return user


@transaction.atomic
def membership_sync_groups(user: User) -> None:
    """Keep the user in exactly one organisation group: the one of their membership.

    Case visibility flows from that group, so an account moved to another organisation
    stops seeing the old organisation's cases at once.
    """
    organisation_groups = Group.objects.filter(organisation__isnull=False)
    user.groups.remove(*organisation_groups.exclude(organisation__memberships__user=user))
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    if membership is not None:
        user.groups.add(membership.organisation.group)


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


# Optional second factor (TOTP) for council staff.

# Set in the session at sign-in when the account has a confirmed device: until a code is given,
# SecondFactorMiddleware lets the session reach nothing but the code page.
SECOND_FACTOR_SESSION_KEY = "casework_second_factor_required"


@transaction.atomic
def second_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator whose secret the user is adding to their app.

    The same one on every visit until it is confirmed, so reloading the page does not change
    the secret under the user's feet.
    """
    if not rules.can_enrol_second_factor(user):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def second_factor_check(*, device: TOTPDevice, token: str) -> bool:
    """Whether `token` is the device's current code, used once only.

    The device records the code as used, or a failure that makes the next try wait longer.
    """
    return device.verify_token(token)


@transaction.atomic
def second_factor_enrolment_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the authenticator if `token` is its current code; nothing else changes otherwise."""
    if not second_factor_check(device=device, token=token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
