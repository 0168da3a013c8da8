"""Briefing v2 (issue 15): every kind's briefing read back carries what an officer acts on.

The request and its legal basis, counsel of record, the council's contact with a telephone,
the facts of the case's kind; and none of the council's internal workflow (no draft ->
submitted -> in review timeline) nor the form's hint text.
"""

import datetime

import pytest

from casework.accounts.models import Organisation, User
from casework.briefings import services
from casework.cases import services as case_services
from casework.cases.models import Case, Kind, Status
from tests.factories import advance, make_case

from .pdf import flat, pdf_text, stored_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

D = datetime.date

COUNSEL = {
    "counsel_name": "Me Julie Tremblay",
    "counsel_phone": "514 555 0101",
    "counsel_email": "tremblay@example.org",
}

# kind: (facts, what the briefing must say: the request, a legal basis, the facts)
KINDS = {
    Kind.FAMILY_REUNIFICATION: (
        {"sponsor_pr_on": D(2018, 3, 1), "sponsor_category": "protected_person",
         "declared": "no", "examined": "no", "relationship": "Daughter",
         "child_country": "ER", "visa_office": "Nairobi", "dna_offered": True,
         "other_parent_consent": "refused"},
        ["Consider the excluded family member for permanent residence despite R.117(9)(d)",
         "IRPR s.117(9)(d)", "IRPA s.25(1)", "Public policy to facilitate the immigration",
         "Sponsor's immigration category Protected person", "Visa office Nairobi",
         "Child's country of residence Eritrea", "DNA test offered Yes",
         "Other parent's consent Refused or cannot be obtained",
         "Pilot public policy Eligible for the pilot public policy",
         "R.117(9)(d) exclusion Applies"],
    ),
    Kind.SEPARATED_CHILD: (
        {"country": "SD", "whereabouts": "Kakuma camp", "living_with": "A neighbour",
         "risk_no_caregiver": True, "risk_medical": True, "unhcr_registered": "yes",
         "unhcr_number": "KAK-123"},
        ["Process the separated child's case as urgent and vulnerable", "IRPA s.24",
         "Country where the child is Sudan", "Living with A neighbour",
         "Risk factors no caregiver, or about to lose the only one; medical condition",
         "UNHCR registration number KAK-123"],
    ),
    Kind.REMOVAL_DEFERRAL: (
        {**COUNSEL, "cbsa_client_id": "87654321", "hc_filed_on": D(2026, 2, 1),
         "deferral_filed_on": D(2026, 4, 20), "deferral_decision": "refused",
         "deferral_officer": "Officer 4471", "deferral_decided_on": D(2026, 4, 28),
         "travel_document": "valid", "learned_of_removal_on": D(2026, 4, 15)},
        ["Defer the removal until the pending application is decided", "IRPA s.48(2)",
         "Baron v. Canada", "CBSA client ID 87654321", "H&C application filed on 1 Feb 2026",
         "Deferral decision Refused", "Officer who decided Officer 4471",
         "Learned of the removal on 15 Apr 2026", "Me Julie Tremblay · tel. 514 555 0101"],
    ),
    Kind.BORDER_INTERVENTION: (
        {**COUNSEL, "port_of_entry": "Lacolle", "arrived_on": D(2026, 5, 1),
         "stca_exception": "family_member", "decision": "ineligible", "decided_on": D(2026, 5, 2)},
        ["Re-examine the person's eligibility to claim refugee protection", "IRPA s.101(1)(e)",
         "IRPR ss.159.5-159.6", "Port of entry Lacolle",
         "STCA exception claimed Family member in Canada",
         "CBSA decision Found ineligible and returned", "Me Julie Tremblay · tel. 514 555 0101"],
    ),
    Kind.DETENTION: (
        {**COUNSEL, "facility": "Laval Immigration Holding Centre",
         "detained_since": D(2026, 4, 28), "ground": "identity", "next_review_on": D(2026, 5, 6)},
        ["Release the person from detention", "IRPA s.57", "IRPA s.60",
         "Detention facility Laval Immigration Holding Centre",
         "Ground of detention Identity not established", "Next detention review 6 May 2026",
         "Me Julie Tremblay · tel. 514 555 0101"],
    ),
    Kind.RESETTLEMENT_REFERRAL: (
        {"referral_partner": "UNHCR Islamabad", "referred_on": D(2026, 3, 2),
         "residence_country": "PK", "protection_need": "women_girls",
         "protection_details": "Former judge, threatened by the Taliban."},
        ["Consider the referral for resettlement to Canada", "IRPR s.140.3", "IRPA s.25.2",
         "Referral partner UNHCR Islamabad", "Country of residence Pakistan",
         "Protection need Woman or girl at risk", "Former judge, threatened by the Taliban."],
    ),
}  # fmt: skip

INTERNAL = ["Timeline of the case", "In review", "Draft", "→"]
HINTS = ["Best interests of the child, medical condition, risk on return"]


@pytest.fixture
def reachable_director(director):
    """The director with a telephone, at a council with a French name and an address."""
    director.telephone = "+1 514 277-7223"
    director.save(update_fields=["telephone"])
    Organisation.objects.filter(pk=director.organisation.pk).update(
        name_fr="Conseil canadien pour les réfugiés",
        address="6839 Drolet, bureau 301, Montréal (Québec) H2S 2T1",
    )
    return User.objects.get(pk=director.pk)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kinds_briefing_carries_what_the_officer_acts_on(
    kind, caseworker, reachable_director
):
    facts, expected = KINDS[kind]
    case = make_case(
        caseworker,
        kind=kind,
        grounds="The children are in school here.",
        requested_action="Please act before the removal date.",
    )
    case_services.case_facts_update(case=case, actor=caseworker, expected_version=None, data=facts)
    case = advance(Case.objects.get(pk=case.pk), Status.ACCEPTED, member=caseworker,
                   council=reachable_director)  # fmt: skip

    briefing = services.briefing_generate(case=case, actor=reachable_director, language="en")
    text = flat(pdf_text(stored_bytes(briefing)))

    # The summary table's headings are set in capitals.
    assert "WHAT WE ASK OF YOU" in text
    assert "LEGAL BASIS" in text
    assert "Please act before the removal date." in text  # the member's words follow
    assert "tel. +1 514 277-7223" in text  # the council contact's telephone
    assert "Submitted to the council 4 May 2026" in text
    for fact in expected:
        assert fact in text, fact
    for internal in INTERNAL + HINTS:
        assert internal not in text, internal


def test_it_says_when_the_narrative_is_in_another_language(caseworker, reachable_director):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        correspondence_language="fr",
        summary="Madame Haddad doit être renvoyée avant la décision CH.",
    )
    case = advance(case, Status.ACCEPTED, member=caseworker, council=reachable_director)

    english = services.briefing_generate(case=case, actor=reachable_director, language="en")
    french = services.briefing_generate(case=case, actor=reachable_director, language="fr")

    text = flat(pdf_text(stored_bytes(english)))
    assert "wrote the summary, the grounds and its request in French" in text
    assert "Canadian Council for Refugees" in text
    text = flat(pdf_text(stored_bytes(french)))
    assert "CE QUE NOUS VOUS DEMANDONS" in text
    assert "FONDEMENT JURIDIQUE" in text
    assert "a rédigé" not in text  # written in French: no line about the language
    assert "Conseil canadien pour les réfugiés" in text
    assert "6839 Drolet, bureau 301" in text
