"""Cases worth briefing on, built through the real services (personas come from tests/conftest)."""

import datetime

import pytest
from django.utils import timezone

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.models import Case, Consent, Document, GovernmentFile, Kind, Person
from tests.factories import act, make_case, upload


def add_person(case, actor, **fields):
    return services.person_add(case=case, actor=actor, **fields)


@pytest.fixture
def removal_case(now, caseworker, director, cbsa):
    """A mother facing removal with two children, escalated to CBSA (whose group sees it)."""
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        people=0,
        summary="Ms Haddad is scheduled for removal to Syria before her H&C decision.",
        grounds="Both children attend school in Toronto; Omar needs ongoing cardiac care.",
        requested_action="Defer the removal until the H&C application is decided.",
        deadline=datetime.date(2026, 5, 20),
        deadline_note="H&C decision expected",
        removal={
            "removal_at": timezone.now() + datetime.timedelta(days=10),
            "location": "Toronto Pearson",
            "destination": "SY",
            "order_type": "deportation",
            "detained": True,
            "detention_facility": "Toronto Immigration Holding Centre",
        },
    )
    mother = add_person(
        case,
        caseworker,
        role=Person.Role.REMOVAL_SUBJECT,
        family_name="Haddad",
        given_names="Amina",
        date_of_birth=datetime.date(1985, 6, 15),
        citizenship="SY",
        uci="1234567890",
    )
    add_person(
        case,
        caseworker,
        role=Person.Role.CHILD,
        family_name="Haddad",
        given_names="Yara",
        date_of_birth=datetime.date(2016, 9, 1),
        relationship="Daughter",
    )
    add_person(
        case,
        caseworker,
        role=Person.Role.CHILD,
        family_name="Haddad",
        given_names="Omar",
        date_of_birth=datetime.date(2019, 2, 10),
        relationship="Son",
    )
    services.government_file_add(
        case=case,
        actor=caseworker,
        agency=GovernmentFile.Agency.IRCC,
        kind=GovernmentFile.FileKind.HC,
        number="E000123456",
        person=mother,
        submitted_on=datetime.date(2025, 11, 3),
    )
    services.consent_add(
        case=case,
        actor=caseworker,
        person=mother,
        signed_by=Consent.Signer.SELF,
        signed_on=datetime.date(2026, 4, 1),
        covers_cbsa=True,
    )
    services.document_add(
        case=case,
        actor=caseworker,
        kind=Document.DocumentKind.MEDICAL,
        upload=upload("cardiology-report.pdf"),
    )
    case = act(case, caseworker, "submit")
    case = act(case, director, "start_review")
    case = act(case, director, "accept")
    case = act(
        case,
        director,
        "escalate",
        target=Agency.CBSA,
        sent_on=timezone.localdate(),
        government_reference="",
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def family_case(now, caseworker, director):
    """A sponsor in Canada and her excluded son abroad, in review at the council."""
    case = make_case(
        caseworker,
        kind=Kind.FAMILY_REUNIFICATION,
        people=0,
        consent=False,
        summary="Mme Tremblay-Nkosi was granted protection; her son was not declared.",
        grounds="The best interests of the child require reunification.",
        requested_action="Grant an exemption from R.117(9)(d) on H&C grounds.",
        correspondence_language="fr",
    )
    add_person(
        case,
        caseworker,
        role=Person.Role.SPONSOR,
        family_name="Tremblay-Nkosi",
        given_names="Chantal",
        date_of_birth=datetime.date(1990, 1, 20),
        citizenship="CD",
    )
    add_person(
        case,
        caseworker,
        role=Person.Role.EXCLUDED_MEMBER,
        family_name="Nkosi",
        given_names="Josué",
        date_of_birth=datetime.date(2013, 7, 4),
        citizenship="CD",
        relationship="Son",
    )
    case = act(case, caseworker, "submit")
    case = act(case, director, "start_review")
    return Case.objects.get(pk=case.pk)
