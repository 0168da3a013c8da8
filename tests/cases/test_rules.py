"""The rules module is the one place that decides: pages and services never disagree.

For every state of a case and every persona, the case page offers a transition exactly when its
service accepts it; the same holds for the other writes of the case page.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casework.accounts.models import User
from casework.accounts.services import organisation_suspend
from casework.cases import rules, services
from casework.cases.models import TERMINAL, Outcome, Status, case_transitions
from tests.factories import case_at, client_for, escalation_params

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

PERSONAS = (
    "caseworker", "colleague", "org_admin", "outsider", "director", "council_staff",
    "cbsa_contact", "ircc_contact", "superuser",
)  # fmt: skip


@pytest.fixture
def superuser(db):
    """An operator without any membership: Django's superuser passes every permission."""
    return User.objects.create_superuser("root", "root@example.org", "x" * 16)


def arguments(name: str, case) -> dict:
    """Valid arguments for the transition's service, beyond case, actor and version."""
    return {
        "escalate": lambda: escalation_params(case) | {"comment": "Urgent."},
        "record_response": lambda: {"received_on": timezone.localdate(), "response": "Deferred."},
        "close": lambda: {"outcome": Outcome.FAVOURABLE},
    }.get(name, lambda: {"comment": "Because."})()


def accepted(service, **kwargs) -> bool:
    """Whether the service carries out the request; nothing it writes is kept."""
    try:
        with transaction.atomic():
            service(**kwargs)
            transaction.set_rollback(True)
    except (PermissionDenied, services.CaseError):
        return False
    return True


def transitions_taken(user, case) -> set[str]:
    """The transitions whose services carry out the request of `user` on the case now."""
    return {
        name
        for name in case_transitions()
        if accepted(
            services.TRANSITION_SERVICES[name],
            case=case,
            actor=user,
            expected_version=case.version,
            **arguments(name, case),
        )
    }


@pytest.mark.parametrize("status", Status.values)
def test_the_page_offers_a_transition_exactly_when_its_service_accepts_it(
    request, caseworker, director, status
):
    case = case_at(status, member=caseworker, council=director)
    taken_by_anyone = set()
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        offered = {transition.name for transition in rules.transitions_for(user, case)}
        taken = transitions_taken(user, case)
        assert offered == taken, (persona, status)
        taken_by_anyone |= taken
    # Every open state moves on (at least by withdrawal); a finished one only by the policy
    # director's reopening.
    assert bool(taken_by_anyone - {"reopen"}) == (status not in TERMINAL)
    if status not in TERMINAL:
        assert "reopen" not in taken_by_anyone


@pytest.mark.parametrize("status", Status.values)
def test_the_council_forms_show_exactly_when_their_services_accept(
    request, caseworker, director, council_staff, status
):
    case = case_at(status, member=caseworker, council=director)
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        assert rules.can_assign(user, case) == accepted(
            services.case_assign, case=case, actor=user, assignee=council_staff
        ), (persona, status, "assign")
        assert rules.can_override_urgency(user, case) == accepted(
            services.case_set_urgency_override, case=case, actor=user, urgency=1, reason="Why."
        ), (persona, status, "urgency")
        assert rules.can_add_note(user, case) == accepted(
            services.note_add, case=case, actor=user, body="Called.", internal=False
        ), (persona, status, "note")


def test_a_finished_case_is_read_only_for_everyone(caseworker, director, council_staff):
    for status in (Status.CLOSED, Status.DECLINED, Status.WITHDRAWN):
        case = case_at(status, member=caseworker, council=director)
        for user in (caseworker, director):
            assert not rules.can_edit_details(user, case)
            assert not rules.can_add_note(user, case)
            assert not rules.can_assign(user, case)
            assert not rules.can_override_urgency(user, case)
            # Only the policy director may take it up again (tests/cases/views/test_reopen.py).
            assert [t.name for t in rules.transitions_for(user, case)] == (
                ["reopen"] if user == director and case.was_submitted else []
            )


def test_a_superuser_without_membership_is_offered_no_case_creation(superuser):
    client = client_for(superuser)

    assert not rules.can_create_case(superuser)
    assert client.get("/cases/new/").status_code == 403
    assert "/cases/new/" not in client.get("/cases/").content.decode()
    assert "/cases/new/" not in client.get("/dashboard/").content.decode()
    with pytest.raises(PermissionDenied):
        services.case_create(actor=superuser, kind="family_reunification", summary="S.")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.INFO_REQUESTED])
def test_a_suspended_member_is_offered_no_submission_and_its_service_refuses_it(
    caseworker, org_admin, director, status
):
    """Suspension (casework.accounts) stops what goes to the council, nothing else."""
    case = case_at(status, member=caseworker, council=director)
    organisation_suspend(organisation=case.organisation, actor=director, reason="Dues unpaid.")
    case.refresh_from_db()
    caseworker.refresh_from_db()
    for user in (caseworker, org_admin):
        offered = {transition.name for transition in rules.transitions_for(user, case)}
        assert offered == transitions_taken(user, case) == {"withdraw"}
    assert not rules.can_create_case(caseworker)
