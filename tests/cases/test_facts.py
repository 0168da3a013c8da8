"""The facts of each kind, recorded through case_facts_update: validated, logged, versioned."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from casework.cases import services
from casework.cases.facts import (
    BorderFacts,
    ChildAtRiskFacts,
    DetentionFacts,
    ExclusionFacts,
    ReferralFacts,
    RemovalFacts,
    derived_facts,
    facts_of,
)
from casework.cases.models import Case, Kind, Person, Status
from tests.factories import case_at, make_case, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

D = datetime.date


def record(case, actor, **data):
    return services.case_facts_update(
        case=case, actor=actor, expected_version=case.version, data=data
    )


@pytest.mark.parametrize(
    ("kind", "model", "data"),
    [
        (
            Kind.FAMILY_REUNIFICATION,
            ExclusionFacts,
            {"sponsor_pr_on": D(2018, 3, 1), "sponsor_category": "protected_person",
             "declared": "no", "examined": "no", "relationship": "Daughter",
             "child_country": "ER", "visa_office": "Nairobi", "dna_offered": True,
             "other_parent_consent": "refused"},
        ),
        (
            Kind.SEPARATED_CHILD,
            ChildAtRiskFacts,
            {"country": "SD", "whereabouts": "Kakuma camp", "living_with": "A neighbour",
             "risk_medical": True, "unhcr_registered": "yes", "unhcr_number": "KAK-123"},
        ),
        (
            Kind.REMOVAL_DEFERRAL,
            RemovalFacts,
            {"counsel_name": "Me Tremblay", "counsel_phone": "514 555 0101",
             "counsel_email": "tremblay@example.org", "cbsa_client_id": "1234-5678",
             "hc_filed_on": D(2026, 2, 1), "deferral_filed_on": D(2026, 4, 20),
             "deferral_decision": "refused", "deferral_officer": "Officer 123",
             "deferral_decided_on": D(2026, 4, 28), "travel_document": "valid",
             "learned_of_removal_on": D(2026, 4, 15)},
        ),
        (
            Kind.BORDER_INTERVENTION,
            BorderFacts,
            {"port_of_entry": "Lacolle", "arrived_on": D(2026, 5, 1),
             "stca_exception": "family_member", "decision": "ineligible",
             "decided_on": D(2026, 5, 2)},
        ),
        (
            Kind.DETENTION,
            DetentionFacts,
            {"facility": "Laval IHC", "detained_since": D(2026, 4, 28), "ground": "identity",
             "next_review_on": D(2026, 5, 5), "counsel_name": "Me Roy"},
        ),
        (
            Kind.RESETTLEMENT_REFERRAL,
            ReferralFacts,
            {"referral_partner": "UNHCR Islamabad", "referred_on": D(2026, 3, 2),
             "residence_country": "PK", "protection_need": "women_girls",
             "protection_details": "Former judge, threatened."},
        ),
    ],
)  # fmt: skip
def test_it_records_each_kinds_facts(caseworker, kind, model, data):
    case = make_case(caseworker, kind=kind)
    version = case.version

    case = record(case, caseworker, **data)

    facts = model.objects.get(case=case)
    assert facts_of(Case.objects.get(pk=case.pk)) == facts
    for name, value in data.items():
        expected = "12345678" if name == "cbsa_client_id" else value
        assert getattr(facts, name) == expected
    assert case.version == version + 1
    event = case.events.first()
    assert event.action == "case.facts_edited"
    assert sorted(event.data["fields"]) == sorted(data)


@pytest.mark.parametrize(
    ("kind", "data", "field", "message"),
    [
        (Kind.FAMILY_REUNIFICATION, {"sponsor_pr_on": D(2026, 6, 1)}, "sponsor_pr_on",
         "This date cannot be in the future."),
        (Kind.FAMILY_REUNIFICATION, {"sponsor_pr_on": D(2020, 1, 1), "applied_on": D(2019, 1, 1)},
         "applied_on", "A sponsor applies only after becoming a permanent resident."),
        (Kind.FAMILY_REUNIFICATION, {"sponsor_pr_on": D(1850, 1, 1)}, "sponsor_pr_on",
         "Check the year: dates before 1900 are not accepted."),
        (Kind.SEPARATED_CHILD, {"unhcr_number": "KAK-1"}, "unhcr_registered",
         "A UNHCR registration number is given"),
        (Kind.REMOVAL_DEFERRAL, {"cbsa_client_id": "12ab"}, "cbsa_client_id",
         "A CBSA client ID has 5 to 12 digits"),
        (Kind.REMOVAL_DEFERRAL, {"counsel_phone": "555"}, "counsel_phone",
         "Enter a telephone number"),
        (Kind.REMOVAL_DEFERRAL, {"counsel_email": "a@example.org"}, "counsel_name",
         "Name the counsel"),
        (Kind.REMOVAL_DEFERRAL, {"deferral_decision": "refused"}, "deferral_filed_on",
         "Give the day the deferral request was filed."),
        (Kind.REMOVAL_DEFERRAL, {"deferral_filed_on": D(2026, 4, 20),
         "deferral_decision": "refused", "deferral_decided_on": D(2026, 4, 1)},
         "deferral_decided_on", "A request cannot be decided before it is filed."),
        (Kind.BORDER_INTERVENTION, {"decided_on": D(2026, 5, 2)}, "decision",
         "Say what CBSA decided on that day."),
        (Kind.DETENTION, {"detained_since": D(2026, 5, 1), "next_review_on": D(2026, 4, 1)},
         "next_review_on", "A review cannot come before the detention."),
        (Kind.RESETTLEMENT_REFERRAL, {"referred_on": D(2026, 7, 1)}, "referred_on",
         "This date cannot be in the future."),
    ],
)  # fmt: skip
def test_it_refuses_bad_facts_and_changes_nothing(caseworker, kind, data, field, message):
    case = make_case(caseworker, kind=kind)
    before = snapshot(case)

    with pytest.raises(services.CaseError, match=message.split(":")[0]):
        record(case, caseworker, **data)

    assert snapshot(case) == before
    assert facts_of(Case.objects.get(pk=case.pk)) is None


def test_a_field_of_another_kind_is_refused(caseworker):
    case = make_case(caseworker, kind=Kind.FAMILY_REUNIFICATION)
    with pytest.raises(TypeError, match="port_of_entry"):
        record(case, caseworker, port_of_entry="Lacolle")


def test_a_stale_form_is_refused(caseworker):
    case = make_case(caseworker)
    with pytest.raises(services.StaleCase):
        services.case_facts_update(
            case=case, actor=caseworker, expected_version=case.version - 1, data={}
        )


def test_who_may_record_facts(caseworker, outsider, director):
    submitted = make_case(caseworker, submitted=True)
    with pytest.raises(PermissionDenied):
        record(submitted, caseworker, relationship="Son")  # no longer the member's to change
    with pytest.raises(PermissionDenied):
        record(submitted, outsider, relationship="Son")
    record(submitted, director, relationship="Son")  # council staff once submitted
    closed = case_at(Status.CLOSED, member=caseworker, council=director)
    with pytest.raises(PermissionDenied):
        record(closed, director, relationship="Son")


def test_it_computes_pilot_eligibility_and_age_out_for_the_case_page(caseworker):
    case = make_case(caseworker, people=0)
    services.person_add(
        case=case, actor=caseworker, role=Person.Role.EXCLUDED_MEMBER, family_name="Haile",
        given_names="Selam", date_of_birth=D(2004, 11, 1), date_of_birth_precision="month",
    )  # fmt: skip
    case = Case.objects.get(pk=case.pk)
    case = record(case, caseworker, sponsor_category="resettled_refugee", examined="no")
    facts = facts_of(case)

    rows = {
        str(row.label): row.value
        for row in derived_facts(case, facts, case.people.all(), today=D(2026, 5, 4))
    }

    assert str(rows["R.117(9)(d) exclusion"]).startswith("Applies")
    assert str(rows["pilot public policy"]) == "Eligible for the pilot public policy"
    assert rows["pilot public policy ends on"] == D(2026, 9, 9)
    assert rows["Selam Haile turns 22 on"] == D(2026, 11, 1)
