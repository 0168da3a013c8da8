"""Who may do what with organisations and accounts, as small named predicates over permissions.

Permissions come from the account's role (models.ROLE_PERMISSIONS); see casework.cases.rules for
everything about cases. Two limits run through all of them:

* organisations: one's own, and, for council staff, the member organisations and government
  agencies the council looks after (never the council from outside it);
* roles: nobody gives a role, or acts on an account, above their own (models.ROLE_RANK).
"""

from django.conf import settings

from .models import ROLE_RANK, ROLES_BY_KIND, SECOND_FACTOR, Invitation, Organisation, User

MANAGE_ORGANISATIONS = "accounts.manage_organisations"
INVITE_MEMBERS = "accounts.invite_members"
MANAGE_MEMBERS = "accounts.manage_members"


def _rank(role: str | None) -> int:
    return ROLE_RANK.get(role, 0)


def can_enrol_second_factor(user: User) -> bool:
    """Add an authenticator app for the second sign-in step (council staff, government)."""
    return user.has_perm(SECOND_FACTOR)


def must_use_second_factor(user: User) -> bool:
    """Whether the account may reach nothing before it enrolled an authenticator.

    Only when settings.CASEWORK["SECOND_FACTOR_REQUIRED"] is on; then for every account that
    may enrol (council staff and government contacts).
    """
    return settings.CASEWORK["SECOND_FACTOR_REQUIRED"] and can_enrol_second_factor(user)


# Organisations


def can_manage_organisations(user: User) -> bool:
    """The list of organisations, applications, suspensions (council staff)."""
    return user.is_active and user.has_perm(MANAGE_ORGANISATIONS)


def looks_after(user: User, organisation: Organisation) -> bool:
    """The organisation is the user's own, or one the council looks after (council staff)."""
    if user.organisation_id is not None and organisation.pk == user.organisation_id:
        return True
    return can_manage_organisations(user) and organisation.kind != Organisation.Kind.COUNCIL


def can_see_organisation(user: User, organisation: Organisation) -> bool:
    """Its page: its details, people and invitations (404 for anyone else).

    Council staff see every organisation; an organisation's administrators see their own.
    """
    if can_manage_organisations(user):
        return True
    return (
        user.is_active
        and organisation.pk == user.organisation_id
        and (user.has_perm(INVITE_MEMBERS) or user.has_perm(MANAGE_MEMBERS))
    )


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    """Its names, addresses, services and clientele (council staff, every organisation)."""
    return can_manage_organisations(user) and organisation.status != Organisation.Status.DECLINED


def can_review_application(user: User, organisation: Organisation) -> bool:
    """Approve or decline a membership application."""
    return can_manage_organisations(user) and organisation.status == Organisation.Status.PENDING


def can_suspend(user: User, organisation: Organisation) -> bool:
    """Suspend an active member organisation: its people submit nothing new."""
    return (
        can_manage_organisations(user)
        and organisation.kind == Organisation.Kind.MEMBER
        and organisation.status == Organisation.Status.ACTIVE
    )


def can_reactivate(user: User, organisation: Organisation) -> bool:
    return can_manage_organisations(user) and organisation.status == Organisation.Status.SUSPENDED


# Invitations


def roles_to_invite(user: User, organisation: Organisation) -> list[str]:
    """The roles the user may invite someone into, in that organisation (none: may not)."""
    if not (
        user.is_active
        and user.has_perm(INVITE_MEMBERS)
        and organisation.is_active
        and looks_after(user, organisation)
    ):
        return []
    return [role for role in ROLES_BY_KIND[organisation.kind] if _rank(role) <= _rank(user.role)]


def can_invite(user: User, organisation: Organisation, role: str) -> bool:
    """Invite someone into `organisation` with `role`: never above one's own role or reach."""
    return role in roles_to_invite(user, organisation)


def can_manage_invitation(user: User, invitation: Invitation) -> bool:
    """Resend or revoke an open invitation: whoever could send it."""
    return invitation.is_open and can_invite(user, invitation.organisation, invitation.role)


# Accounts


def can_manage_member(user: User, member: User) -> bool:
    """Change the role of, deactivate or reactivate another account of an organisation one
    looks after, standing no higher than one's own role (never one's own account)."""
    organisation = member.organisation
    return (
        user.is_active
        and user.has_perm(MANAGE_MEMBERS)
        and organisation is not None
        and member.pk != user.pk
        and looks_after(user, organisation)
        and _rank(member.role) <= _rank(user.role)
    )


def roles_to_give(user: User, member: User) -> list[str]:
    """The roles the user may give the member (their current one among them)."""
    if not can_manage_member(user, member):
        return []
    return [
        role for role in ROLES_BY_KIND[member.organisation.kind] if _rank(role) <= _rank(user.role)
    ]


def can_set_role(user: User, member: User, role: str) -> bool:
    return role in roles_to_give(user, member)


def can_deactivate(user: User, member: User) -> bool:
    return member.is_active and can_manage_member(user, member)


def can_reactivate_member(user: User, member: User) -> bool:
    return not member.is_active and can_manage_member(user, member)
