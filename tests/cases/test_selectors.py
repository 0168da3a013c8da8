import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from casework.cases import services
from casework.cases.models import Kind, Status, Urgency
from casework.cases.selectors import CaseFilters, case_list, cases_visible_to, deadlines_due
from tests.factories import NOW, PersonFields, act, case_at, make_case, removal_fields

pytestmark = pytest.mark.django_db


def refs(cases) -> set[str]:
    return {case.reference for case in cases}


def test_it_shows_a_caseworker_every_case_of_their_organisation_drafts_included(
    caseworker, colleague, outsider, director
):
    mine = make_case(caseworker)
    colleagues = make_case(colleague, submitted=True)
    other_org = make_case(outsider, submitted=True)

    assert refs(cases_visible_to(caseworker)) == {mine.reference, colleagues.reference}
    assert refs(cases_visible_to(colleague)) == {mine.reference, colleagues.reference}
    assert refs(cases_visible_to(outsider)) == {other_org.reference}


def test_it_shows_the_council_submitted_cases_but_never_drafts(caseworker, outsider, director):
    draft = make_case(caseworker)
    withdrawn_draft = act(make_case(caseworker), caseworker, "withdraw", comment="Moved.")
    submitted = make_case(caseworker, submitted=True)
    elsewhere = make_case(outsider, submitted=True)
    withdrawn_later = act(
        make_case(caseworker, submitted=True), caseworker, "withdraw", comment="Lawyer took over."
    )

    visible = refs(cases_visible_to(director))

    assert visible == {submitted.reference, elsewhere.reference, withdrawn_later.reference}
    assert draft.reference not in visible and withdrawn_draft.reference not in visible


def test_it_shows_a_government_contact_no_case_even_escalated_to_its_agency(
    caseworker, director, cbsa_contact, ircc_contact
):
    # What reaches an agency is a disclosure (casework.disclosures), never the case.
    case_at(Status.ESCALATED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)
    case_at(Status.ESCALATED, member=caseworker, council=director)
    case_at(Status.CLOSED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)

    assert refs(cases_visible_to(cbsa_contact)) == set()
    assert refs(cases_visible_to(ircc_contact)) == set()


def test_it_shows_nothing_to_anonymous(caseworker):
    make_case(caseworker, submitted=True)
    assert not cases_visible_to(AnonymousUser()).exists()


def test_it_never_lets_filters_widen_what_a_user_sees(caseworker, outsider):
    make_case(caseworker, submitted=True)
    theirs = make_case(outsider, submitted=True)
    filters = CaseFilters(organisation=caseworker.organisation.pk)
    assert refs(case_list(outsider, filters)) == set()
    assert refs(case_list(outsider, CaseFilters())) == {theirs.reference}


# Text search


@pytest.fixture
def searchable(caseworker):
    nguyen = make_case(caseworker, people=0, submitted=False)
    services.person_add(
        case=nguyen,
        actor=caseworker,
        **PersonFields(family_name="Nguyễn", given_names="Thi Lan", uci="12345678"),
    )
    services.person_add(
        case=nguyen,
        actor=caseworker,
        **PersonFields(family_name="Nguyễn", given_names="Bao", uci="1234567890"),
    )
    okafor = make_case(caseworker, people=0)
    services.person_add(
        case=okafor,
        actor=caseworker,
        **PersonFields(family_name="Okafor", given_names="Chidi", uci="87654321"),
    )
    return nguyen, okafor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguy", "nguyen"),
        ("Nguyễn", "nguyen"),
        ("OKAFOR", "okafor"),
        ("okaf", "okafor"),
        ("chidi", "okafor"),
        ("1234-5678", "nguyen"),
        ("12 3456 7890", "nguyen"),
        ("8765", "okafor"),
        ("Smith", None),
    ],
)
def test_it_finds_cases_by_name_or_uci(caseworker, searchable, text, expected):
    nguyen, okafor = searchable
    wanted = {"nguyen": {nguyen.reference}, "okafor": {okafor.reference}, None: set()}[expected]
    found = list(case_list(caseworker, CaseFilters(text=text)))
    assert refs(found) == wanted
    assert len(found) == len(wanted)  # one row per case however many people match


def test_it_finds_a_case_by_reference_case_insensitively(caseworker, searchable):
    nguyen, okafor = searchable
    assert refs(case_list(caseworker, CaseFilters(text=okafor.reference.lower()))) == {
        okafor.reference
    }
    assert refs(case_list(caseworker, CaseFilters(text="CCR-2"))) == {
        nguyen.reference,
        okafor.reference,
    }


def test_it_does_not_match_a_uci_on_three_digits(caseworker, searchable):
    assert refs(case_list(caseworker, CaseFilters(text="123"))) == set()


def test_it_does_not_find_another_organisations_case_by_name(caseworker, outsider, searchable):
    assert refs(case_list(outsider, CaseFilters(text="Okafor"))) == set()


# Other filters


@pytest.fixture
def spread(caseworker, outsider, director, time_machine):
    time_machine.move_to(NOW, tick=False)
    family = make_case(caseworker, submitted=True)
    critical = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        submitted=True,
        removal=removal_fields(removal_at=NOW + datetime.timedelta(hours=20)),
    )
    border = make_case(outsider, kind=Kind.BORDER_INTERVENTION, submitted=True)
    in_review = act(make_case(outsider, submitted=True), director, "start_review")
    return {"family": family, "critical": critical, "border": border, "in_review": in_review}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CaseFilters(status=Status.IN_REVIEW), {"in_review"}),
        (CaseFilters(status=Status.SUBMITTED), {"family", "critical", "border"}),
        (CaseFilters(kind=Kind.REMOVAL_DEFERRAL), {"critical"}),
        (CaseFilters(kind=Kind.FAMILY_REUNIFICATION), {"family", "in_review"}),
        (CaseFilters(urgency=Urgency.CRITICAL), {"critical"}),
        (CaseFilters(urgency=Urgency.MEDIUM), {"family", "in_review"}),
        (CaseFilters(urgency=Urgency.ROUTINE), {"border"}),
        (CaseFilters(kind=Kind.FAMILY_REUNIFICATION, status=Status.SUBMITTED), {"family"}),
    ],
)
def test_it_filters_the_council_list(director, spread, filters, expected):
    assert refs(case_list(director, filters)) == {spread[key].reference for key in expected}


def test_it_filters_the_council_list_by_organisation(director, spread, caseworker, outsider):
    by_a = case_list(director, CaseFilters(organisation=caseworker.organisation.pk))
    by_b = case_list(director, CaseFilters(organisation=outsider.organisation.pk))
    assert refs(by_a) == {spread["family"].reference, spread["critical"].reference}
    assert refs(by_b) == {spread["border"].reference, spread["in_review"].reference}


def test_it_lists_the_most_urgent_first_then_the_nearest_deadline(caseworker, now):
    later = make_case(
        caseworker, kind=Kind.BORDER_INTERVENTION, deadline=NOW.date() + datetime.timedelta(days=40)
    )
    sooner = make_case(
        caseworker, kind=Kind.BORDER_INTERVENTION, deadline=NOW.date() + datetime.timedelta(days=20)
    )
    medium = make_case(caseworker)
    critical = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=NOW + datetime.timedelta(hours=5)),
    )
    ordered = [case.reference for case in case_list(caseworker, CaseFilters())]
    assert ordered == [critical.reference, medium.reference, sooner.reference, later.reference]


def test_it_shows_a_case_shared_with_a_named_user(caseworker, org_admin, outsider):
    case = make_case(caseworker)
    services.case_share(case=case, actor=org_admin, user=outsider)
    assert case.reference in refs(cases_visible_to(outsider))


def test_it_sorts_on_the_next_deadline_derived_or_typed_in_and_puts_none_last(caseworker, now):
    nothing = make_case(
        caseworker, kind=Kind.BORDER_INTERVENTION, removal=removal_fields(removal_at=None)
    )
    typed_in = make_case(
        caseworker,
        kind=Kind.BORDER_INTERVENTION,
        removal=removal_fields(removal_at=None),
        deadline=NOW.date() + datetime.timedelta(days=40),
    )
    prra = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=None, prra_notified_on=NOW.date()),
    )
    ordered = list(case_list(caseworker, CaseFilters()))
    assert [case.reference for case in ordered] == [
        prra.reference,
        typed_in.reference,
        nothing.reference,
    ]
    assert {case.urgency for case in ordered} == {Urgency.ROUTINE}
    assert ordered[0].next_deadline == datetime.date(2026, 5, 19)


def test_it_lists_only_the_visible_unmet_deadlines_due_soon(caseworker, outsider, now):
    mine = make_case(caseworker, deadline=NOW.date() + datetime.timedelta(days=14))
    make_case(caseworker, deadline=NOW.date() + datetime.timedelta(days=15))
    theirs = make_case(outsider, deadline=NOW.date() - datetime.timedelta(days=100))

    assert [d.case_id for d in deadlines_due(caseworker, today=NOW.date(), within_days=14)] == [
        mine.pk
    ]
    assert [d.case_id for d in deadlines_due(outsider, today=NOW.date(), within_days=14)] == [
        theirs.pk
    ]
    assert not deadlines_due(AnonymousUser(), today=NOW.date(), within_days=14).exists()
