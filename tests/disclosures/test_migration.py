"""Migration 0005: a case's own escalation columns become an Escalation and its response."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.accounts.models import Agency
from casework.cases.models import Case, Outcome, Status
from casework.disclosures.models import Disclosure, Escalation, GovernmentResponse
from tests.factories import act, case_at

BEFORE = [("disclosures", "0004_escalations")]
AFTER = [("disclosures", "0005_escalations_from_cases")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def as_before_escalations(cases):
    """What the database held before: the case's columns, no escalation rows."""
    Disclosure.objects.filter(case__in=cases).update(escalation=None)
    GovernmentResponse.objects.all()._raw_delete(connection.alias)
    Escalation.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_it_turns_each_cases_escalation_into_a_record_with_its_response(caseworker, director):
    waiting = case_at(Status.ESCALATED, member=caseworker, council=director)
    answered = case_at(Status.RESPONDED, member=caseworker, council=director)
    closed = act(answered, director, "close", outcome=Outcome.FAVOURABLE)
    answered = case_at(Status.RESPONDED, member=caseworker, council=director)
    accepted = case_at(Status.ACCEPTED, member=caseworker, council=director)
    migrate(BEFORE)
    as_before_escalations([waiting, answered, closed])

    migrate(AFTER)

    assert not Escalation.objects.filter(case=accepted).exists()
    states = dict(Escalation.objects.values_list("case_id", "state"))
    assert states == {waiting.pk: "open", answered.pk: "answered", closed.pk: "closed"}
    escalation = Escalation.objects.get(case=answered)
    case = Case.objects.get(pk=answered.pk)
    assert (escalation.agency, escalation.sent_on, escalation.government_reference) == (
        Agency.IRCC,
        case.escalation_sent_on,
        case.government_reference,
    )
    assert escalation.created_by == director
    response = escalation.responses.get()
    assert (response.received_on, response.summary, response.recorded_by) == (
        case.response_received_on,
        case.response_summary,
        director,
    )
    assert (response.channel, response.decision) == ("not_stated", "other")
    assert not Escalation.objects.get(case=waiting).responses.exists()
    # The disclosures made on escalation belong to their escalation again.
    assert Disclosure.objects.get(case=waiting).escalation == Escalation.objects.get(case=waiting)
