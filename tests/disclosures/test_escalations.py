"""One escalation per agency request, each with its own timer and its own responses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from casework.accounts.models import Agency
from casework.cases import services as cases
from casework.cases.models import CaseDeadline, DeadlineKind, Outcome, Status
from casework.disclosures import services
from casework.disclosures.models import Escalation, GovernmentResponse
from tests.factories import act, snapshot

from .conftest import escalate

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
Decision = GovernmentResponse.Decision
Channel = GovernmentResponse.Channel


def follow_ups(case) -> list[tuple]:
    """The case's stored follow-up deadlines: (agency, due on, met)."""
    return list(
        CaseDeadline.objects.filter(case=case, kind=DeadlineKind.FOLLOW_UP)
        .order_by("detail")
        .values_list("detail", "due_on", "met")
    )


def add_ircc(case, actor, **overrides):
    params = {
        "agency": Agency.IRCC,
        "sent_on": case.escalation_sent_on,
        "requested_action": "Expedite the H&C decision.",
    }
    return cases.case_escalation_add(case=case, actor=actor, **params | overrides)


def respond(escalation, actor, **overrides):
    params = {
        "received_on": escalation.sent_on,
        "channel": Channel.EMAIL,
        "decision": Decision.REMOVAL_DEFERRED,
        "summary": "Removal deferred pending the H&C decision.",
        "officer": "Officer Tremblay",
        "reference": "CBSA-77",
    }
    return cases.government_response_record(
        escalation=escalation, actor=actor, **params | overrides
    )


@pytest.fixture
def escalated(accepted_removal, director):
    return escalate(accepted_removal, director)


def test_escalating_opens_one_escalation_with_its_own_timer(escalated, director):
    escalation = escalated.escalations.get()
    assert (escalation.agency, escalation.state, escalation.created_by) == (
        Agency.CBSA,
        Escalation.State.OPEN,
        director,
    )
    assert escalation.requested_action == "Defer the removal."
    assert escalated.disclosures.get().escalation == escalation
    assert follow_ups(escalated) == [("CBSA", escalation.sent_on + 14 * DAY, False)]


def test_a_reply_expected_by_is_the_timer(accepted_removal, director, now):
    expected = now.date() + 5 * DAY
    case = escalate(accepted_removal, director, reply_expected_on=expected)
    assert follow_ups(case) == [("CBSA", expected, False)]
    assert case.disclosures.get().reply_expected_on == expected


def test_the_council_asks_a_second_agency_with_its_own_timer(escalated, director):
    escalation = add_ircc(escalated, director, reply_expected_on=escalated.escalation_sent_on)

    assert [e.agency for e in escalated.escalations.all()] == ["CBSA", "IRCC"]
    disclosure = escalation.disclosures.get()
    assert disclosure.agency == Agency.IRCC
    assert disclosure.requested_action == "Expedite the H&C decision."
    assert [agency for agency, _due, _met in follow_ups(escalated)] == ["CBSA", "IRCC"]
    assert escalated.events.filter(action="escalation.added").count() == 1


def test_a_second_escalation_to_an_agency_still_waiting_is_refused(escalated, director):
    before = snapshot(escalated)
    with pytest.raises(cases.CaseError, match="already waiting"):
        add_ircc(escalated, director, agency=Agency.CBSA)
    assert snapshot(escalated) == before and escalated.escalations.count() == 1


def test_only_council_staff_add_an_escalation_and_only_once_escalated(
    accepted_removal, escalated, caseworker, director
):
    with pytest.raises(PermissionDenied):
        add_ircc(escalated, caseworker)
    escalated.refresh_from_db()
    assert escalated.escalations.count() == 1


def test_an_escalation_needs_what_is_asked(escalated, director):
    with pytest.raises(cases.CaseError, match="what is asked"):
        add_ircc(escalated, director, requested_action="  ")


def test_a_response_stops_its_escalations_timer_only(escalated, director):
    cbsa = escalated.escalations.get()
    ircc = add_ircc(escalated, director)

    response = respond(cbsa, director)

    escalated.refresh_from_db()
    assert escalated.status == Status.RESPONDED
    assert escalated.response_summary == response.summary
    cbsa.refresh_from_db()
    assert cbsa.state == Escalation.State.ANSWERED
    assert follow_ups(escalated) == [
        ("CBSA", cbsa.sent_on + 14 * DAY, True),
        ("IRCC", ircc.sent_on + 14 * DAY, False),
    ]
    assert (response.recorded_by, response.by_agency, response.channel) == (
        director,
        False,
        Channel.EMAIL,
    )


def test_a_later_response_is_recorded_beside_the_first(escalated, director):
    ircc = add_ircc(escalated, director)
    respond(escalated.escalations.get(agency="CBSA"), director)

    respond(ircc, director, decision=Decision.UNDER_REVIEW, summary="Under review.")

    escalated.refresh_from_db()
    assert escalated.status == Status.RESPONDED
    assert escalated.events.filter(action="escalation.response_recorded").count() == 1
    assert [met for _agency, _due, met in follow_ups(escalated)] == [True, True]


def test_a_responses_next_date_is_a_new_deadline(escalated, director, now):
    next_date = now.date() + 30 * DAY
    respond(escalated.escalations.get(), director, next_date=next_date)
    assert follow_ups(escalated) == [("CBSA", next_date, False)]
    escalated.refresh_from_db()
    assert escalated.next_deadline <= next_date


def test_a_response_before_the_escalation_was_sent_is_refused(escalated, director):
    escalation = escalated.escalations.get()
    before = snapshot(escalated)

    with pytest.raises(cases.CaseError, match="before the escalation was sent"):
        respond(escalation, director, received_on=escalation.sent_on - DAY)

    assert snapshot(escalated) == before
    assert not GovernmentResponse.objects.exists()
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.OPEN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("decision", "granted", "decision"), ("channel", "fax", "how the response came")],
)
def test_an_unknown_choice_is_refused(escalated, director, field, value, message):
    with pytest.raises(cases.CaseError, match=message):
        respond(escalated.escalations.get(), director, **{field: value})
    assert not GovernmentResponse.objects.exists()


def test_the_agencys_contact_records_a_response_on_the_portal(escalated, cbsa_contact):
    response = respond(escalated.escalations.get(), cbsa_contact, channel=Channel.PHONE)

    assert (response.channel, response.by_agency, response.recorded_by) == (
        Channel.PORTAL,
        True,
        cbsa_contact,
    )
    escalated.refresh_from_db()
    assert escalated.status == Status.RESPONDED
    event = escalated.events.get(action="case.record_response")
    assert event.actor == cbsa_contact


def test_another_agencys_contact_or_a_member_cannot_record_a_response(
    escalated, ircc_contact, caseworker
):
    escalation = escalated.escalations.get()
    for user in (ircc_contact, caseworker):
        with pytest.raises(PermissionDenied):
            respond(escalation, user)
    assert not GovernmentResponse.objects.exists()


def test_a_contact_whose_disclosure_is_revoked_cannot_record_a_response(
    escalated, director, cbsa_contact
):
    services.disclosure_revoke(
        disclosure=escalated.disclosures.get(), actor=director, reason="Sent by mistake."
    )
    with pytest.raises(PermissionDenied):
        respond(escalated.escalations.get(), cbsa_contact)


def test_a_response_is_immutable(escalated, director):
    response = respond(escalated.escalations.get(), director)
    with pytest.raises(ValueError, match="ledger entry"):
        response.save()


def test_following_up_restarts_the_answered_escalations_timer(escalated, director, now):
    escalation = escalated.escalations.get()
    respond(escalation, director)
    act(escalated, director, "follow_up", comment="They asked for the school records.")
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.OPEN
    assert follow_ups(escalated) == [("CBSA", now.date() + 14 * DAY, False)]


def test_closing_the_case_closes_its_escalations(escalated, director):
    respond(escalated.escalations.get(), director)
    add_ircc(escalated, director)
    act(escalated, director, "close", outcome=Outcome.FAVOURABLE)
    assert set(escalated.escalations.values_list("state", flat=True)) == {"closed"}
    with pytest.raises(PermissionDenied):
        respond(escalated.escalations.get(agency="IRCC"), director)
