"""Who may do what with disclosures, as small named predicates (see casework.cases.rules).

A government contact reads the disclosures the council addressed to their agency, and nothing
else of a case: no case page, note, history, person or document that was not disclosed
(AgencyPortalMiddleware answers 404 to every other page; selectors.cases_visible_to gives them
no case). Council staff disclose and revoke, add an escalation to another agency, and record
the agencies' responses; a contact records their own agency's response to an escalation they
were disclosed (on the portal).
"""

from casework.accounts.models import User
from casework.cases import rules as case_rules
from casework.cases.models import Case, Status

from .models import Disclosure, Escalation

# Who is confined to the portal is decided with the cases' rules (selectors.cases_visible_to
# asks it too).
agency_of = case_rules.agency_of
reads_disclosures_only = case_rules.reads_disclosures_only


def can_disclose(user: User, case: Case) -> bool:
    """Send an agency the escalation record, a briefing version, chosen documents."""
    return case_rules.can_triage(user) and case.was_submitted and not case.is_terminal


can_see_ledger = case_rules.can_see_disclosure_ledger


def can_revoke(user: User, disclosure: Disclosure) -> bool:
    return case_rules.can_triage(user) and not disclosure.is_revoked


def can_send_again(user: User, disclosure: Disclosure) -> bool:
    """E-mail the agency's contacts a new link to a disclosure that stands."""
    return case_rules.can_triage(user) and not disclosure.is_revoked


def can_follow_link(user: User, disclosure: Disclosure) -> bool:
    """The disclosure's e-mailed link leads this account to it: an active contact of the
    agency (the named contact, when there is one) and a disclosure that was not revoked."""
    return (
        user.is_active
        and reads_disclosures_only(user)
        and agency_of(user) == disclosure.agency
        and disclosure.contact_id in (None, user.pk)
        and not disclosure.is_revoked
    )


# While the council waits for the government, or has its first answer, it may ask another agency.
ESCALATION_ADDABLE = {Status.ESCALATED, Status.RESPONDED}


def can_add_escalation(user: User, case: Case) -> bool:
    """Ask another agency about the same case (IRCC to expedite, CBSA to defer)."""
    return case_rules.can_triage(user) and case.status in ESCALATION_ADDABLE


def can_record_response(user: User, escalation: Escalation) -> bool:
    """Record an agency's answer: council staff, or a contact of that agency who may still open
    a disclosure of the escalation (none revoked for them: see selectors.disclosures_for)."""
    if escalation.state == Escalation.State.CLOSED:
        return False
    if case_rules.can_triage(user):
        return True
    return (
        reads_disclosures_only(user)
        and agency_of(user) == escalation.agency
        and escalation.disclosures.filter(revocation__isnull=True).exists()
    )
