"""Writes for organisations and accounts. Keyword-only, atomic, audited.

Each service asks casework.accounts.rules first and raises PermissionDenied when the actor may
not act, or AccountError (a message for the person) when the request cannot be carried out; in
both cases nothing is written. Updates take a mapping checked against an allow-list, as the
case services do.
"""

import datetime
import logging
import secrets
import smtplib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.audit.models import Action
from casework.audit.selectors import recent_count
from casework.audit.services import audit_record
from casework.cases.services import _apply as apply_allowed

from . import emails, rules, selectors
from .models import (
    ROLES_BY_KIND,
    Invitation,
    Membership,
    Organisation,
    OrganisationStatusChange,
    Role,
    User,
)
from .signals import account_deactivated

logger = logging.getLogger(__name__)

Status = Organisation.Status

# What organisation_update may change.
ORGANISATION_DETAILS = (
    "name", "name_fr", "email", "telephone", "address", "province", "region", "services",
    "clientele", "works_in_english", "works_in_french",
)  # fmt: skip

# Failures of handing an e-mail to the mail server.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


class AccountError(Exception):
    """A request that cannot be carried out; the message is shown to the person."""


def _target(organisation: Organisation) -> str:
    return f"organisation {organisation.pk} · {organisation.name}"


def _full_clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error


# Organisations


def _save_new_organisation(organisation: Organisation) -> Organisation:
    """Check and save an organisation built by its service, with the group its case
    permissions go to (named within Group's 150 characters)."""
    _full_clean(organisation, exclude=["group"])
    organisation.group = Group.objects.create(name=f"org:{organisation.name}"[:150])
    organisation.save()
    return organisation


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str = Organisation.Kind.MEMBER,
    province: str = "",
    works_in_english: bool = True,
    works_in_french: bool = False,
    agency: str = "",
    name_fr: str = "",
    email: str = "",
    telephone: str = "",
    address: str = "",
    region: str = "",
    services: str = "",
    clientele: str = "",
) -> Organisation:
    """An organisation in good standing, as the system operator sets one up (no application)."""
    if Organisation.objects.filter(name__iexact=name).exists():
        raise AccountError(_("An organisation with this name exists already."))
    organisation = _save_new_organisation(
        Organisation(
            status=Status.ACTIVE,
            name=name,
            kind=kind,
            province=province,
            works_in_english=works_in_english,
            works_in_french=works_in_french,
            agency=agency,
            name_fr=name_fr,
            email=email,
            telephone=telephone,
            address=address,
            region=region,
            services=services,
            clientele=clientele,
        )
    )
    audit_record(action=Action.ORGANISATION_CREATED, target=_target(organisation))
    return organisation


@transaction.atomic
def organisation_apply(
    *,
    actor: User | None,
    name: str,
    email: str,
    applicant_name: str,
    applicant_email: str,
    province: str,
    name_fr: str = "",
    telephone: str = "",
    address: str = "",
    region: str = "",
    services: str = "",
    clientele: str = "",
    works_in_english: bool = True,
    works_in_french: bool = False,
) -> Organisation:
    """A member organisation's application, pending until council staff review it.

    `actor` is None for the public form; council staff entering a paper application are
    recorded as its author. The contact person receives the first administrator's invitation.
    """
    if Organisation.objects.filter(name__iexact=name).exists():
        raise AccountError(
            _("An organisation with this name exists already: write to the council instead.")
        )
    organisation = _save_new_organisation(
        Organisation(
            status=Status.PENDING,
            kind=Organisation.Kind.MEMBER,
            name=name,
            name_fr=name_fr,
            email=email,
            telephone=telephone,
            address=address,
            province=province,
            region=region,
            services=services,
            clientele=clientele,
            works_in_english=works_in_english,
            works_in_french=works_in_french,
            applicant_name=applicant_name,
            applicant_email=applicant_email,
        )
    )
    OrganisationStatusChange.objects.create(
        organisation=organisation, to_status=Status.PENDING, actor=actor
    )
    audit_record(action=Action.ORGANISATION_APPLIED, actor=actor, target=_target(organisation))
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: User, data: Mapping[str, Any]
) -> Organisation:
    """Change the ORGANISATION_DETAILS in `data`."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not rules.can_edit_organisation(actor, organisation):
        raise PermissionDenied
    # The case services' allow-list: a field outside ORGANISATION_DETAILS is a TypeError.
    changed = apply_allowed(
        organisation, allowed=ORGANISATION_DETAILS, data=data, service="organisation_update()"
    )
    if "name" in changed and (
        Organisation.objects.filter(name__iexact=organisation.name)
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise AccountError(_("An organisation with this name exists already."))
    _full_clean(organisation, exclude=["group"])
    organisation.save(update_fields=changed or ["name"])
    audit_record(
        action=Action.ORGANISATION_EDITED,
        actor=actor,
        target=f"{_target(organisation)} · {', '.join(changed)}",
    )
    return organisation


def _change_standing(
    organisation: Organisation,
    *,
    actor: User,
    allowed,
    to: str,
    reason: str,
    action: Action,
    reason_required: bool = True,
) -> Organisation:
    """Lock the organisation, check `allowed(actor, organisation)`, set its status and keep
    the change (OrganisationStatusChange, with the reason) and the audit entry."""
    reason = reason.strip()
    if reason_required and not reason:
        raise AccountError(_("Give a reason: it is kept with the organisation's history."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not allowed(actor, organisation):
        raise PermissionDenied
    from_status = organisation.status
    organisation.status = to
    organisation.save(update_fields=["status"])
    OrganisationStatusChange.objects.create(
        organisation=organisation,
        from_status=from_status,
        to_status=to,
        reason=reason,
        actor=actor,
    )
    audit_record(action=action, actor=actor, target=_target(organisation))
    return organisation


@transaction.atomic
def organisation_approve(
    *,
    organisation: Organisation,
    actor: User,
    admin_email: str,
    admin_language: str,
    reason: str = "",
) -> tuple[Organisation, Invitation, str]:
    """Approve a membership application and invite the organisation's first administrator.

    Returns the organisation, the invitation and its token (for invitation_email_send, once
    committed).
    """
    organisation = _change_standing(
        organisation,
        actor=actor,
        allowed=rules.can_review_application,
        to=Status.ACTIVE,
        reason=reason,
        action=Action.ORGANISATION_APPROVED,
        reason_required=False,
    )
    invitation, token = invitation_create(
        actor=actor,
        organisation=organisation,
        role=Role.ORG_ADMIN,
        email=admin_email,
        language=admin_language,
    )
    return organisation, invitation, token


@transaction.atomic
def organisation_decline(*, organisation: Organisation, actor: User, reason: str) -> Organisation:
    """Decline a membership application; the application stays on record."""
    return _change_standing(
        organisation,
        actor=actor,
        allowed=rules.can_review_application,
        to=Status.DECLINED,
        reason=reason,
        action=Action.ORGANISATION_DECLINED,
    )


@transaction.atomic
def organisation_suspend(*, organisation: Organisation, actor: User, reason: str) -> Organisation:
    """Suspend a member: its people are signed out and its cases go no further to the council
    (casework.cases.rules.may_submit). Nothing is deleted; reactivation undoes it."""
    organisation = _change_standing(
        organisation,
        actor=actor,
        allowed=rules.can_suspend,
        to=Status.SUSPENDED,
        reason=reason,
        action=Action.ORGANISATION_SUSPENDED,
    )
    # Every open session of its people ends at their next request (User.session_epoch).
    User.objects.filter(membership__organisation=organisation).update(
        session_epoch=F("session_epoch") + 1
    )
    return organisation


@transaction.atomic
def organisation_reactivate(
    *, organisation: Organisation, actor: User, reason: str
) -> Organisation:
    """Reverse of organisation_suspend."""
    return _change_standing(
        organisation,
        actor=actor,
        allowed=rules.can_reactivate,
        to=Status.ACTIVE,
        reason=reason,
        action=Action.ORGANISATION_REACTIVATED,
    )


# Accounts


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
    time_zone: str = "America/Toronto",
    telephone: str = "",
) -> User:
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise ValueError(f"role {role} does not exist in a {organisation.kind} organisation")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
        time_zone=time_zone,
        telephone=telephone,
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


def _account_target(member: User) -> str:
    return f"account {member.get_username()} · {member.organisation}"


@transaction.atomic
def member_set_role(*, actor: User, member: User, role: str) -> User:
    """Give another account of the organisation a role no higher than the actor's own.

    The audit entry comes from the membership row (casework.audit.receivers), as for a change
    made in the admin.
    """
    if not rules.can_set_role(actor, member, role):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(user=member)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    member.membership = membership
    return member


@transaction.atomic
def member_deactivate(*, actor: User, member: User) -> User:
    """The account can no longer sign in (its sessions end at their next request); it keeps
    its history, and its open tasks return to the queue (flows.receivers)."""
    if not rules.can_deactivate(actor, member):
        raise PermissionDenied
    member.is_active = False
    member.save(update_fields=["is_active"])
    audit_record(action=Action.ACCOUNT_DEACTIVATED, actor=actor, target=_account_target(member))
    account_deactivated.send(sender=User, account=member, actor=actor)
    return member


@transaction.atomic
def member_reactivate(*, actor: User, member: User) -> User:
    """Reverse of member_deactivate (tasks given back to the queue stay there)."""
    if not rules.can_reactivate_member(actor, member):
        raise PermissionDenied
    member.is_active = True
    member.save(update_fields=["is_active"])
    audit_record(action=Action.ACCOUNT_REACTIVATED, actor=actor, target=_account_target(member))
    return member


# Invitations


def _invitation_target(invitation: Invitation) -> str:
    return (
        f"invitation {invitation.pk} · {invitation.role} · "
        f"organisation {invitation.organisation_id}"
    )


def _new_token(invitation: Invitation) -> str:
    """A fresh link for the invitation: only its hash is kept; valid INVITATION_DAYS days."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.expires_at = timezone.now() + datetime.timedelta(
        days=settings.CASEWORK["INVITATION_DAYS"]
    )
    invitation.sent_at = None
    return token


@transaction.atomic
def invitation_create(
    *, actor: User, organisation: Organisation, role: str, email: str, language: str
) -> tuple[Invitation, str]:
    """Invite `email` into the organisation with `role`; returns the invitation and its token.

    The token is in the link only (invitation_email_send, once this has committed).
    """
    if not rules.can_invite(actor, organisation, role):
        raise PermissionDenied
    email = email.strip()
    if selectors.account_exists(organisation, email):
        raise AccountError(
            _("Someone in this organisation already has an account with this address.")
        )
    if selectors.open_invitation_exists(organisation, email):
        raise AccountError(
            _("An invitation to this address is already open: send it again from the list.")
        )
    invitation = Invitation(
        email=email, organisation=organisation, role=role, language=language, invited_by=actor
    )
    token = _new_token(invitation)
    _full_clean(invitation, exclude=["token_hash", "account"])
    invitation.save()
    audit_record(action=Action.INVITATION_SENT, actor=actor, target=_invitation_target(invitation))
    return invitation, token


def _locked_invitation(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, actor: User, invitation: Invitation) -> tuple[Invitation, str]:
    """A new link and a new expiry for an open invitation; the previous link stops working."""
    invitation = _locked_invitation(invitation)
    if not rules.can_manage_invitation(actor, invitation):
        raise PermissionDenied
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
    audit_record(
        action=Action.INVITATION_RESENT, actor=actor, target=_invitation_target(invitation)
    )
    return invitation, token


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """The link stops working; the invitation stays on record."""
    invitation = _locked_invitation(invitation)
    if not rules.can_manage_invitation(actor, invitation):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        action=Action.INVITATION_REVOKED, actor=actor, target=_invitation_target(invitation)
    )
    return invitation


def invitation_email_send(*, invitation: Invitation, token: str) -> bool:
    """E-mail the invitation's link, in the invitation's language; False if the mail server
    refused it (the invitation stays, unsent: resend it). Call once the invitation is committed.
    """
    try:
        emails.invitation(invitation, token).send()
    except MAIL_ERRORS as error:
        # The error's text may quote the address: its type only.
        logger.warning("Invitation %s could not be sent: %s", invitation.pk, type(error).__name__)
        return False
    invitation.sent_at = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=invitation.sent_at)
    return True


def invitation_refusal(invitation: Invitation | None) -> str | None:
    """Why the invitation's link cannot be used, for the person who opened it; None if it can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied all of it.")
    if invitation.accepted_at is not None:
        return _(
            "This invitation was used already: sign in with the account it opened. If you "
            "forgot the password, reset it from the sign-in page."
        )
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn. Ask whoever invited you for a new one.")
    if invitation.has_expired:
        return _(
            "This invitation expired on %(date)s. Ask whoever invited you to send it again."
        ) % {"date": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d")}
    if not invitation.organisation.is_active:
        return _("This organisation cannot take new accounts at the moment. Ask the council.")
    return None


def invitation_record_refusal(*, invitation: Invitation | None) -> None:
    """A link that no longer works was tried: on the record (who tries old links, and when)."""
    target = _invitation_target(invitation) if invitation is not None else "unknown invitation"
    audit_record(action=Action.INVITATION_REFUSED, target=target)


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str,
    time_zone: str,
    telephone: str = "",
) -> User:
    """Open the invited account: the invitation's organisation, role and e-mail address.

    Raises AccountError when the invitation no longer works, ValidationError (by field:
    username, password...) for what the person must fix.
    """
    invitation = _locked_invitation(invitation)
    refusal = invitation_refusal(invitation)
    if refusal:
        raise AccountError(refusal)
    if invitation.role not in ROLES_BY_KIND[invitation.organisation.kind]:
        raise AccountError(
            _("This invitation no longer matches the organisation. Ask the council.")
        )
    candidate = User(
        username=username,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        telephone=telephone,
        time_zone=time_zone,
        language=language,
    )
    candidate.set_unusable_password()
    errors: dict[str, list] = {}
    try:
        candidate.full_clean(exclude=["password"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken: choose another.")]
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    user = user_create(
        username=username,
        password=password,
        organisation=invitation.organisation,
        role=invitation.role,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        language=language,
        time_zone=time_zone,
        telephone=telephone,
    )
    invitation.accepted_at = timezone.now()
    invitation.account = user
    invitation.save(update_fields=["accepted_at", "account"])
    audit_record(
        action=Action.INVITATION_ACCEPTED, actor=user, target=_invitation_target(invitation)
    )
    return user


# Passwords


def password_reset_request(*, email: str) -> int:
    """E-mail a reset link to each active account with this address; returns how many.

    The page says the same whatever this finds (no account enumeration). An account is sent at
    most PASSWORD_RESET_EMAILS_PER_HOUR links an hour, so nobody can flood a mailbox.
    """
    audit_record(action=Action.PASSWORD_RESET_REQUESTED)
    since = timezone.now() - datetime.timedelta(hours=1)
    sent = 0
    for user in selectors.accounts_for_password_reset(email):
        if (
            recent_count(Action.PASSWORD_RESET_SENT, since=since, actor=user)
            >= settings.CASEWORK["PASSWORD_RESET_EMAILS_PER_HOUR"]
        ):
            continue
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        try:
            emails.password_reset(user, uid, default_token_generator.make_token(user)).send()
        except MAIL_ERRORS as error:
            logger.warning(
                "Password reset for account %s not sent: %s", user.pk, type(error).__name__
            )
            continue
        audit_record(action=Action.PASSWORD_RESET_SENT, actor=user)
        sent += 1
    return sent


# Optional second factor (TOTP) for council staff and government contacts.

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
    audit_record(action=Action.SECOND_FACTOR_ENROLLED, actor=device.user)
    return True
