"""`manage.py demo`: what someone trying the README's "Demo logins" table will look for.

The logins are read from README.md itself, so the table and the data cannot drift apart. The
demo is loaded once for the module (about two seconds a load) and rolled back at its end;
each test runs in a savepoint on top of it, as usual.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from casework.accounts.models import Invitation, Organisation, User
from casework.cases.models import Case, CaseEvent, Kind, Note, Person, Status, Urgency
from casework.cases.selectors import cases_visible_to, duplicate_flags_open
from casework.disclosures.models import DisclosurePackage
from casework.disclosures.selectors import disclosures_for
from tests.factories import NOW

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
ROLES = {
    "policy director": "policy_director",
    "council staff": "council_staff",
    "caseworker": "caseworker",
    "org admin": "org_admin",
    "government contact": "government_contact",
}


def readme_logins() -> tuple[str, list[tuple[str, str, str]]]:
    """The password and the (username, role, organisation) rows of README's "Demo logins"."""
    section = README.split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    password = re.search(r"password \*\*`([^`]+)`\*\*", section)[1]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|", section, flags=re.MULTILINE)
    return password, [(user, role.strip(), org.strip()) for user, role, org in rows]


def demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """What the first `manage.py demo` printed; the data stays until the module ends."""
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    # The demo renders briefings, whose service opens durable transactions: inside this
    # module's transaction they become savepoints, as in a test's own (Django's TestCase flag).
    module_transaction = transaction.atomic()
    module_transaction._from_testcase = True
    with django_db_blocker.unblock(), module_transaction:
        with time_machine.travel(NOW, tick=False), fast_hasher:
            output = demo()
        yield output
        transaction.set_rollback(True)


def cases_of(organisation_name: str):
    return Case.objects.filter(organisation__name=organisation_name)


def test_it_creates_every_login_of_the_readme_with_its_role_and_organisation(loaded):
    password, rows = readme_logins()

    assert len(rows) == 10
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(r[0] for r in rows)
    for username, role, organisation in rows:
        user = User.objects.get(username=username)
        name, _, province = organisation.removesuffix(")").partition(" (")
        assert user.membership.role == ROLES[role], username
        assert user.organisation.name == name, username
        if province:  # the table shows the member organisations' provinces
            assert user.organisation.province == province, username
        response = Client().post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, f"{username} cannot sign in"
    assert "Created 10 accounts and 18 cases." in loaded
    assert all(username in loaded for username, _, _ in rows)  # the login table it prints


def test_the_cases_cover_every_kind_and_every_state(loaded):
    assert Case.objects.count() == 18  # "The eighteen demo cases"
    assert set(Case.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    outcomes = set(Case.objects.filter(status=Status.CLOSED).values_list("outcome", flat=True))
    assert outcomes == {"favourable", "partial"}


def test_the_urgent_cases_the_readme_names_are_there(loaded, now):
    # A removal in under 48 hours, escalated straight from submission (to CBSA, and to IRCC,
    # whose answer moved the case on).
    straight = Case.objects.get(kind=Kind.REMOVAL_DEFERRAL, deadline=now.date() + DAY)
    assert straight.urgency == Urgency.CRITICAL
    assert straight.removal.removal_at < now + datetime.timedelta(hours=48)
    transitions = straight.events.filter(to_status__gt="").order_by("id")
    assert list(transitions.values_list("to_status", flat=True)) == [
        "submitted",
        "escalated",
        "responded",
    ]
    # A mother and child detained after a turn-back at the border.
    detained = Case.objects.get(kind=Kind.BORDER_INTERVENTION, removal__detained=True)
    assert detained.urgency == Urgency.CRITICAL
    assert detained.people.filter(role=Person.Role.CHILD).exists()
    # A dialysis patient facing removal in ten days.
    dialysis = Case.objects.get(summary__contains="dialysis")
    assert dialysis.urgency == Urgency.HIGH
    assert dialysis.removal.removal_at.date() == (now + datetime.timedelta(days=10)).date()
    # A teenager about to turn 18.
    eighteen_years_ago = now.date().replace(year=now.year - 18)
    assert Person.objects.filter(
        date_of_birth__gt=eighteen_years_ago,
        date_of_birth__lt=eighteen_years_ago + datetime.timedelta(days=183),
    ).exists()


def test_the_facts_the_readme_names_are_there(loaded, now):
    """Pilot-eligible and not, a child ageing out, a child in danger, a detention review."""
    pilot = {
        case.summary.split(" ")[2]: case.exclusion.pilot(now.date()).status
        for case in Case.objects.filter(exclusion__sponsor_category__gt="")
    }
    assert "eligible" in pilot.values()
    assert "wrong_category" in pilot.values()
    ageing_out = Case.objects.get(deadlines__kind="age_out")
    assert ageing_out.exclusion.sponsor_category == "other"
    assert ageing_out.urgency == Urgency.MEDIUM
    in_danger = Case.objects.get(child_at_risk__risk_no_caregiver=True)
    assert in_danger.urgency == Urgency.CRITICAL
    detained = Case.objects.get(kind=Kind.DETENTION)
    assert detained.deadlines.filter(kind="detention_review").exists()
    assert detained.urgency == Urgency.HIGH
    assert Case.objects.get(kind=Kind.RESETTLEMENT_REFERRAL).referral.referral_partner


def test_the_director_finds_one_possible_duplicate_between_toronto_and_montreal(loaded):
    director = User.objects.get(username="director")

    # One flag per person who matches (the mother by UCI, the son by name and birth date).
    pairs = {(flag.case, flag.other_case) for flag in duplicate_flags_open(director)}

    assert len(pairs) == 1
    [(case, other_case)] = pairs
    assert {case.organisation.province, other_case.organisation.province} == {"ON", "QC"}


def test_staff_has_a_family_case_assigned_with_internal_notes(loaded):
    staff = User.objects.get(username="staff")

    case = Case.objects.get(assigned_to=staff, kind=Kind.FAMILY_REUNIFICATION)

    assert Note.objects.filter(case=case, internal=True).exists()


def test_amina_works_in_french_and_has_an_information_request_to_answer(loaded):
    amina = User.objects.get(username="amina")

    assert amina.language == "fr"
    assert Case.objects.filter(created_by=amina, status=Status.INFO_REQUESTED).exists()


@pytest.mark.parametrize(
    ("username", "organisation"),
    [
        ("elise", "Maison Passerelle Montréal"),
        ("chloe", "Harbourfront Refugee Legal Clinic"),
        ("farah", "Pacific Newcomer Rights Society"),
    ],
)
def test_an_org_admin_sees_every_case_of_their_organisation_and_no_other(
    loaded, username, organisation
):
    visible = cases_visible_to(User.objects.get(username=username))

    assert set(visible) == set(cases_of(organisation))


def test_elise_sees_the_montreal_draft(loaded):
    assert cases_visible_to(User.objects.get(username="elise")).filter(status=Status.DRAFT)


def test_ben_has_the_critical_removal_and_chloe_withdrew_a_toronto_case(loaded):
    ben, chloe = User.objects.get(username="ben"), User.objects.get(username="chloe")

    assert Case.objects.filter(
        created_by=ben, kind=Kind.REMOVAL_DEFERRAL, urgency=Urgency.CRITICAL
    ).exists()
    withdrawn = Case.objects.get(status=Status.WITHDRAWN)
    assert withdrawn.organisation == chloe.organisation
    assert CaseEvent.objects.get(case=withdrawn, action="case.withdraw").actor == chloe


def test_dev_gets_404_for_another_organisations_case(loaded):
    client = Client()
    client.force_login(User.objects.get(username="dev"))
    toronto = cases_of("Harbourfront Refugee Legal Clinic").first()
    vancouver = cases_of("Pacific Newcomer Rights Society").first()

    assert client.get(f"/cases/{vancouver.reference}/").status_code == 200
    assert client.get(f"/cases/{toronto.reference}/").status_code == 404


@pytest.mark.parametrize("agency", ["IRCC", "CBSA"])
def test_a_government_contact_sees_only_the_disclosures_to_their_agency(loaded, agency):
    contact = User.objects.get(username=agency.lower())

    disclosed = {disclosure.case for disclosure in disclosures_for(contact)}

    assert disclosed
    assert disclosed == set(Case.objects.filter(escalations__agency=agency))
    assert not cases_visible_to(contact).exists()
    assert contact.membership.role == "government_contact"


def test_a_removal_is_escalated_to_both_agencies_with_a_package_and_a_response(loaded, now):
    case = Case.objects.get(kind=Kind.REMOVAL_DEFERRAL, deadline=now.date() + DAY)
    cbsa, ircc = case.escalations.order_by("agency")
    assert (cbsa.agency, cbsa.state, ircc.agency, ircc.state) == (
        "CBSA",
        "open",
        "IRCC",
        "answered",
    )
    response = ircc.responses.get()
    assert (response.decision, response.by_agency) == ("under_review", True)
    follow_ups = dict(case.deadlines.filter(kind="follow_up").values_list("detail", "met"))
    assert follow_ups == {"CBSA": False, "IRCC": False}  # IRCC's: the next date it gave
    package = DisclosurePackage.objects.get(disclosure__case=case)
    assert (package.disclosure.agency, package.annexes) == ("CBSA", 2)
    assert package.disclosure.escalation == cbsa


def test_running_it_again_changes_nothing(loaded):
    def state():
        return (
            list(Case.objects.order_by("reference").values_list("reference", "status", "version")),
            CaseEvent.objects.count(),
            Note.objects.count(),
            Person.objects.count(),
            User.objects.count(),
            Organisation.objects.count(),
        )

    before = state()

    output = demo()

    assert "Demo data already present" in output
    assert "send the invitation again" in output
    assert state() == before


def test_it_has_an_application_to_review_and_an_invitation_to_accept(loaded, now):
    # The README's "try them" table names both.
    section = README.split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    pending = Organisation.objects.get(status=Organisation.Status.PENDING)
    assert pending.name in section and pending.name in loaded
    link = re.search(r"http://\S+(/accounts/join/[\w-]+/)", loaded).group(1)
    invitation = Invitation.objects.get()
    assert invitation.is_open and invitation.organisation.name == "Pacific Newcomer Rights Society"

    page = Client().get(link)

    assert page.status_code == 200
    assert "Open your account" in page.content.decode()
    assert "accept" in section.lower() and "invitation" in section.lower()


def test_the_council_is_named_in_french_for_french_readers(loaded):
    council = Organisation.objects.get(kind=Organisation.Kind.COUNCIL)

    assert council.name_in("fr") == "Conseil canadien pour les réfugiés"
