"""Every service names the fields it accepts: nothing else gets through, whoever calls it.

Forms are not the only caller (the API, scripts, the demo): a field a service does not name
must be refused by the service itself, with nothing written. Creations take typed keyword
arguments (Python refuses an unknown one); updates take a mapping checked against an allow-list.
"""

import datetime
import inspect

import pytest

from casework.cases import services
from casework.cases.models import Case, CaseEvent, Consent, Document, Kind, Note, Person, Status
from tests.factories import PersonFields, case_at, make_case, removal_fields, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# What no service may be talked into writing: who owns the case, its identity, its state and
# what is derived from the facts.
FORBIDDEN = {
    "organisation": None,
    "reference": "CCR-1999-00001",
    "status": Status.CLOSED,
    "version": 99,
    "created_by": None,
    "urgency": 1,
    "urgency_override": 1,
    "next_deadline": datetime.date(2030, 1, 1),
    "submitted_at": None,
    "case": None,
    "match_key": "x",
}


def person_of(case):
    return case.people.first()


# (service, how to call it on a draft written by `caseworker`, as `caseworker`)
CALLS = {
    "case_create": lambda case, actor, extra: services.case_create(
        actor=actor, kind=Kind.FAMILY_REUNIFICATION, summary="New.", **extra
    ),
    "case_update": lambda case, actor, extra: services.case_update(
        case=case, actor=actor, expected_version=case.version, data={"summary": "S.", **extra}
    ),
    "case_update (removal)": lambda case, actor, extra: services.case_update(
        case=case,
        actor=actor,
        expected_version=case.version,
        data={"removal": {"location": "Montréal", **extra}},
    ),
    "case_facts_update": lambda case, actor, extra: services.case_facts_update(
        case=case,
        actor=actor,
        expected_version=case.version,
        data={"counsel_name": "Me Tremblay", **extra},
    ),  # fmt: skip
    "person_add": lambda case, actor, extra: services.person_add(
        case=case, actor=actor, **PersonFields(), **extra
    ),
    "person_update": lambda case, actor, extra: services.person_update(
        person=person_of(case), actor=actor, data={"given_names": "Lina", **extra}
    ),
    "government_file_add": lambda case, actor, extra: services.government_file_add(
        case=case, actor=actor, agency="IRCC", kind="hc", number="E123456789", **extra
    ),
    "consent_add": lambda case, actor, extra: services.consent_add(
        case=case, actor=actor, signed_by="self", signed_on=datetime.date(2026, 5, 1), **extra
    ),
    "document_add": lambda case, actor, extra: services.document_add(
        case=case, actor=actor, kind="identity", upload=upload(), **extra
    ),
    "note_add": lambda case, actor, extra: services.note_add(
        case=case, actor=actor, body="Called.", internal=False, **extra
    ),
    "case_submit": lambda case, actor, extra: services.case_submit(
        case=case, actor=actor, expected_version=case.version, **extra
    ),
    "case_withdraw": lambda case, actor, extra: services.case_withdraw(
        case=case, actor=actor, expected_version=case.version, comment="Moved.", **extra
    ),
}


def counts() -> tuple:
    return tuple(m.objects.count() for m in (Case, CaseEvent, Person, Consent, Document, Note))


@pytest.mark.parametrize("field", sorted(FORBIDDEN))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_it_refuses_a_field_the_service_does_not_name_and_writes_nothing(
    caseworker, service, field
):
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    before, rows = snapshot(case), counts()
    case_row = Case.objects.filter(pk=case.pk).values().get()

    with pytest.raises(TypeError, match=field):
        CALLS[service](case, caseworker, {field: FORBIDDEN[field]})

    assert snapshot(case) == before
    assert counts() == rows
    assert Case.objects.filter(pk=case.pk).values().get() == case_row


def test_the_allowed_fields_go_through(caseworker):
    """The same calls without a forbidden field succeed: the refusals above are the field's."""
    for service, call in CALLS.items():
        if service == "case_submit":
            continue  # a removal draft lacks its removal details until case_update adds them
        case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, removal=removal_fields())
        call(case, caseworker, {})


def test_no_service_takes_arbitrary_keyword_arguments():
    """No `**fields`: a service's signature is the list of what it may write."""
    loose = [
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__
        and not name.startswith("_")
        and any(p.kind is p.VAR_KEYWORD for p in inspect.signature(function).parameters.values())
    ]
    assert loose == []


def test_moving_a_case_to_another_organisation_is_refused(caseworker, director, org_b):
    """The issue's own example: case_update(organisation=other, urgency_override=1, ...)."""
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    before = Case.objects.filter(pk=case.pk).values().get()

    with pytest.raises(TypeError):
        services.case_update(
            case=case,
            actor=director,
            expected_version=case.version,
            data={"organisation": org_b, "urgency_override": 1, "reference": "CCR-1999-00001"},
        )

    assert Case.objects.filter(pk=case.pk).values().get() == before
