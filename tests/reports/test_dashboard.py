"""The dashboard: counts of the cases the user may see, each linking to the list it counts."""

import datetime
from urllib.parse import urlsplit

import pytest

from casework.accounts.models import Organisation
from casework.cases import services
from casework.cases.models import Kind, Status
from tests.factories import NOW, PersonFields, act, case_at, client_for, make_case, removal_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# session, user with membership, the counts by status, kind and urgency (grouped), the "needs
# action" counts (one query), the open cases by organisation, the possible duplicates listed
# and counted (permissions come from the role: no query).
DASHBOARD_QUERIES_COUNCIL = 7
# session, user with membership, the grouped counts, the "needs action" counts (the visibility
# is a condition of both).
DASHBOARD_QUERIES_MEMBER = 4


def tiles(response) -> dict[str, tuple[int, str]]:
    dashboard = response.context["dashboard"]
    every = [*dashboard.needs_action, *dashboard.by_status, *dashboard.by_kind]
    every += [*dashboard.by_urgency, *dashboard.by_organisation]
    return {f"{tile.label}": (tile.count, tile.query) for tile in every}


@pytest.fixture
def busy_network(caseworker, colleague, outsider, director, time_machine):
    """One case needing each kind of action, in two member organisations."""
    make_case(caseworker)  # a draft: the council never counts it
    make_case(outsider, submitted=True)  # new submission, organisation B
    answered = case_at(Status.INFO_REQUESTED, member=colleague, council=director)
    act(answered, colleague, "resubmit")  # information received
    case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        submitted=True,
        removal=removal_fields(removal_at=NOW + datetime.timedelta(days=10)),
    )
    # Escalated 20 days ago and never answered: the follow-up (14 days) is overdue.
    time_machine.move_to(NOW - datetime.timedelta(days=20), tick=False)
    case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(NOW, tick=False)
    case_at(Status.CLOSED, member=outsider, council=director)


def test_it_counts_what_needs_the_councils_action_today(director, busy_network):
    found = tiles(client_for(director).get("/dashboard/"))

    assert found["New submissions"][0] == 2  # organisation B's and the urgent removal
    assert found["Information received"][0] == 1
    assert found["Government follow-up overdue"][0] == 1
    assert found["Removals in the next 14 days"][0] == 1
    assert "Draft" not in found, "the council never sees a draft"
    assert found["Closed"][0] == 1
    assert found["Member A"][0] == 4 and found["Member B"][0] == 1


def test_it_names_each_organisation_in_the_readers_language(director, org_a, org_b, busy_network):
    org_a.name_fr = "Membre A"
    org_a.save(update_fields=["name_fr"])
    # No longer a member organisation: its open cases are still counted under its name.
    org_b.kind = Organisation.Kind.COUNCIL
    org_b.save(update_fields=["kind"])
    director.language = "fr"
    director.save(update_fields=["language"])

    found = tiles(client_for(director).get("/dashboard/"))

    assert found["Membre A"][0] == 4 and found["Member B"][0] == 1
    assert "Member A" not in found


def test_it_counts_for_a_caseworker_only_their_organisations_cases(caseworker, busy_network):
    response = client_for(caseworker).get("/dashboard/")
    found = tiles(response)

    assert found["Information requested by the council"][0] == 1
    assert found["Drafts not yet submitted"][0] == 1
    assert found["Closed"][0] == 0  # organisation B's
    assert "Member A" not in found, "no organisation breakdown for members"
    assert "New submissions" not in found


@pytest.mark.parametrize("persona", ["director", "caseworker", "outsider"])
def test_it_links_every_number_to_a_list_of_exactly_that_many_cases(request, persona, busy_network):
    client = client_for(request.getfixturevalue(persona))
    for label, (count, query) in tiles(client.get("/dashboard/")).items():
        listed = client.get(f"/cases/?{query}")
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == count, label


def test_it_lists_possible_duplicates_for_the_council_only(caseworker, outsider, director):
    theirs = make_case(outsider, people=0)
    services.person_add(case=theirs, actor=outsider, **PersonFields(uci="87654321"))
    act(theirs, outsider, "submit")
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **PersonFields(uci="8765-4321"))

    council_page = client_for(director).get("/dashboard/")
    assert council_page.context["dashboard"].duplicate_flag_count == 1
    assert theirs.reference in council_page.content.decode()

    for member, other in ((caseworker, theirs), (outsider, mine)):
        page = client_for(member).get("/dashboard/").content.decode()
        assert other.reference not in page
        assert "duplicate" not in page.lower()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("director", DASHBOARD_QUERIES_COUNCIL), ("caseworker", DASHBOARD_QUERIES_MEMBER)],
)
def test_it_counts_3_or_30_cases_in_the_same_number_of_queries(
    request, caseworker, colleague, django_assert_num_queries, persona, expected
):
    client = client_for(request.getfixturevalue(persona))
    for cases in (3, 27):
        for n in range(cases):
            make_case(caseworker if n % 2 else colleague, submitted=bool(n % 3))
        client.get("/dashboard/")  # warm the process-wide caches, as in a running server
        with django_assert_num_queries(expected):
            assert client.get("/dashboard/").status_code == 200


def test_today_is_the_landing_page_after_login_not_the_dashboard(caseworker):
    client = client_for(caseworker)
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct horse battery staple"}
    )
    assert urlsplit(response.url).path == "/today/"


def test_it_sends_anonymous_visitors_to_the_login_page(anonymous):
    response = anonymous.get("/dashboard/")
    assert response.status_code == 302
    assert urlsplit(response.url).path == "/accounts/login/"


def test_it_sends_a_government_contact_to_the_disclosure_portal(caseworker, director, cbsa_contact):
    case_at(Status.ESCALATED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)

    response = client_for(cbsa_contact).get("/dashboard/")

    # No counts of cases: what the council disclosed to CBSA is all a contact sees.
    assert (response.status_code, response["Location"]) == (302, "/disclosures/")
