"""Every decision about who may do what with cases, as small named predicates.

One vocabulary: permissions. What a person may do in general comes from their role
(casework.accounts.models.ROLE_PERMISSIONS, read without a query); what they may do with one
case adds that case's facts (its organisation, its state). Views, services, templates, flows and
the API ask these same predicates, so no two doors can disagree.

Which cases a person may see at all is a read, in selectors.cases_visible_to; a case that is not
visible never reaches these predicates (access_case answers 404 first).
"""

from django_fsm import Transition

from casework.accounts.models import Organisation, User

from .models import (
    BY_COUNCIL,
    BY_DIRECTOR,
    BY_ORGANISATION,
    BY_ORGANISATION_OR_COUNCIL,
    Case,
    Status,
    case_transitions,
)

TRIAGE = "cases.triage_case"
RECEIVE_DISCLOSURES = "disclosures.receive_disclosures"
# The transitions that send a case to the council: a suspended member takes none of them.
SUBMISSIONS = frozenset({"submit", "resubmit"})


# What a person may do, whatever the case.


def may_submit(organisation: Organisation | None) -> bool:
    """The organisation may send the council new work: an active member (not suspended)."""
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.MEMBER
        and organisation.status == Organisation.Status.ACTIVE
    )


def agency_of(user: User) -> str:
    """The agency a government contact works for; "" for everyone else."""
    organisation = user.organisation
    if organisation is None or organisation.kind != Organisation.Kind.GOVERNMENT:
        return ""
    return organisation.agency


def reads_disclosures_only(user: User) -> bool:
    """A government contact: need to know only. The disclosures the council addressed to their
    agency are all they reach (casework.disclosures); never a case page, note, history, person
    or document that was not disclosed."""
    return user.is_authenticated and user.has_perm(RECEIVE_DISCLOSURES) and bool(agency_of(user))


def can_create_case(user: User) -> bool:
    """Open a case for one's own member organisation, while it is an active member."""
    return user.has_perm("cases.add_case") and may_submit(user.organisation)


def can_see_submitted_cases(user: User) -> bool:
    """See every case from its submission on (council staff)."""
    return user.has_perm("cases.view_submitted_case")


def can_triage(user: User) -> bool:
    """Work the council's queue: triage, escalate, record responses, close (council staff)."""
    return user.has_perm(TRIAGE)


def can_reopen(user: User) -> bool:
    """Reopen a finished case, with a reason (the council's policy director)."""
    return user.has_perm("cases.reopen_case")


def can_be_assigned(user: User) -> bool:
    return user.is_active and user.has_perm(TRIAGE)


def can_read_internal_notes(user: User) -> bool:
    return user.has_perm("cases.view_internal_note")


def can_see_council_only_history(user: User) -> bool:
    """History lines that name another case (possible duplicates, links)."""
    return user.has_perm(TRIAGE)


def can_review_duplicates(user: User) -> bool:
    """See possible duplicates across organisations, link or dismiss them."""
    return user.has_perm(TRIAGE)


def can_see_statistics(user: User) -> bool:
    """Statistics with counts under 5 hidden."""
    return user.has_perm("cases.view_statistics")


def can_see_internal_statistics(user: User) -> bool:
    """Statistics with every count, for the council's own use."""
    return user.has_perm("cases.view_internal_statistics")


def can_export_case_list(user: User) -> bool:
    return user.has_perm("cases.view_submitted_case")


def can_use_case_api(user: User) -> bool:
    """Reach cases through the REST API: member organisations' people and council staff.

    Deny by default: anyone else (a government contact, whose need to know is a disclosure
    addressed to their agency, never a case record) gets 404 from every case resource of the
    API, as for a case that does not exist.
    """
    return user.has_perm("cases.add_case") or user.has_perm("cases.view_submitted_case")


def can_export_person(user: User) -> bool:
    """Answer an access request with everything held about a person, across cases."""
    return user.has_perm(TRIAGE)


# What a person may do with one case they can see.


def acts_for_case_organisation(user: User, case: Case) -> bool:
    """The user works for the member organisation the case belongs to."""
    return (
        user.is_active
        and user.has_perm("cases.add_case")
        and user.organisation_id is not None
        and user.organisation_id == case.organisation_id
    )


def can_change_case(user: User, case: Case) -> bool:
    """Write to the case at all (each write then asks its own predicate below)."""
    return acts_for_case_organisation(user, case) or can_triage(user)


def can_edit_details(user: User, case: Case) -> bool:
    """Edit the case's facts, people, files, consents, documents.

    Members while the case is theirs to change (draft, information requested); council staff
    once it reached them. Nobody once it is finished.
    """
    if case.is_terminal:
        return False
    if case.is_editable and acts_for_case_organisation(user, case):
        return True
    return case.was_submitted and can_triage(user)


def can_delete_draft(user: User, case: Case) -> bool:
    """Delete a draft the council never saw, for good (its organisation only)."""
    return case.status == Status.DRAFT and acts_for_case_organisation(user, case)


def can_add_note(user: User, case: Case) -> bool:
    return not case.is_terminal and can_change_case(user, case)


def can_add_internal_note(user: User, case: Case) -> bool:
    """A note for the council's eyes only."""
    return not case.is_terminal and can_triage(user)


def can_assign(user: User, case: Case) -> bool:
    return not case.is_terminal and can_triage(user)


def can_override_urgency(user: User, case: Case) -> bool:
    return not case.is_terminal and can_triage(user)


def can_withdraw_share(user: User, case: Case) -> bool:
    """Withdraw a named user's read access (the organisation's admin; even once finished)."""
    return user.has_perm("cases.share_case") and acts_for_case_organisation(user, case)


def can_share(user: User, case: Case) -> bool:
    """Let a named user of another member organisation read the case (the organisation's
    admin), while the case is open."""
    return not case.is_terminal and can_withdraw_share(user, case)


def can_be_shared_with(user: User, case: Case) -> bool:
    """Who a case may be shared with: an active account of another active member organisation.

    Not the council (it sees every submitted case, and drafts stay the organisation's) nor a
    government contact (what reaches an agency goes through an escalation's disclosure).
    """
    return (
        user.is_active
        and user.organisation_id != case.organisation_id
        and may_submit(user.organisation)
        and user.has_perm("cases.add_case")
    )


def can_see_access_history(user: User, case: Case) -> bool:
    return user.has_perm("audit.view_auditentry")


def can_see_disclosure_ledger(user: User, case: Case) -> bool:
    """What the council disclosed about the case, to which agency (revoked ones included)."""
    return can_triage(user)


def can_generate_briefing(user: User, case: Case) -> bool:
    return can_triage(user) and case.was_submitted


def can_see_every_briefing(user: User, case: Case) -> bool:
    """Every version, shared or not; others see the versions shared with the organisation."""
    return can_triage(user)


_TAKEN_BY = {
    BY_ORGANISATION: acts_for_case_organisation,
    BY_COUNCIL: lambda user, case: can_triage(user),
    BY_ORGANISATION_OR_COUNCIL: can_change_case,
    BY_DIRECTOR: lambda user, case: can_reopen(user),
}


def can_take(user: User, case: Case, transition: Transition) -> bool:
    """Take this transition of the case, if its state allows it (see Case)."""
    if transition.name in SUBMISSIONS and not may_submit(case.organisation):
        return False
    return _TAKEN_BY[transition.custom["by"]](user, case)


def transitions_for(user: User, case: Case) -> list[Transition]:
    """The transitions the case's state allows now and the user may take, in page order."""
    available = {t.name for t in case.get_available_status_transitions()}
    return [
        transition
        for name, transition in case_transitions().items()
        if name in available and can_take(user, case, transition)
    ]


def transitions_offered(user: User, case: Case) -> list[Transition]:
    """The transitions the case page offers as buttons: a draft the council never saw is
    deleted (can_delete_draft), so its page offers no "Withdraw" beside "Delete the draft"."""
    transitions = transitions_for(user, case)
    if can_delete_draft(user, case):
        return [transition for transition in transitions if transition.name != "withdraw"]
    return transitions
