"""The "due soon" page (/cases/due/)."""

import datetime

import pytest

from casework.cases import services
from casework.cases.models import Kind
from tests.factories import TORONTO, act, client_for, make_case, removal_fields

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def due_cases(caseworker, outsider, director):
    """Org A: an overdue manual deadline, a removal in 6 days, a PRRA met, a deadline in a month.
    Org B: a deadline tomorrow."""
    overdue = make_case(
        caseworker,
        deadline=datetime.date(2026, 5, 1),
        deadline_note="Reply to the procedural fairness letter",
        submitted=True,
    )
    removal = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(
            removal_at=datetime.datetime(2026, 5, 10, 15, 0, tzinfo=TORONTO),
            prra_notified_on=datetime.date(2026, 5, 1),
        ),
    )
    services.government_file_add(
        case=removal,
        actor=caseworker,
        agency="IRCC",
        kind="prra",
        number="E000123456",
        submitted_on=datetime.date(2026, 5, 4),
    )
    later = make_case(caseworker, deadline=datetime.date(2026, 6, 4), submitted=True)
    other = make_case(
        outsider,
        deadline=datetime.date(2026, 5, 5),
        deadline_note="Org B's own deadline",
        submitted=True,
    )
    withdrawn = make_case(caseworker, deadline=datetime.date(2026, 5, 6))
    act(withdrawn, caseworker, "withdraw", comment="Client left Canada.")
    return {"overdue": overdue, "removal": removal, "later": later, "other": other}


def due_rows(response) -> list[tuple[str, str]]:
    return [(row.case.reference, row.kind) for row in response.context["page"].object_list]


def test_it_lists_what_is_due_soon_or_overdue_for_the_users_cases_only(
    caseworker, outsider, director, due_cases
):
    response = client_for(caseworker).get("/cases/due/")
    assert response.status_code == 200
    assert due_rows(response) == [
        (due_cases["overdue"].reference, "legal"),
        (due_cases["removal"].reference, "removal"),
    ]
    text = page(response)
    assert "Overdue by 3 days" in text
    assert "Reply to the procedural fairness letter" in text
    assert "Due in 6 days" in text
    assert "Org B" not in text and due_cases["other"].reference not in text
    assert 'aria-current="page">Due soon</a>' in text

    assert due_rows(client_for(outsider).get("/cases/due/")) == [
        (due_cases["other"].reference, "legal")
    ]
    # The council sees every submitted case: not org A's draft removal.
    assert due_rows(client_for(director).get("/cases/due/")) == [
        (due_cases["overdue"].reference, "legal"),
        (due_cases["other"].reference, "legal"),
    ]


def test_it_answers_405_to_a_post_on_the_due_page(caseworker):
    assert client_for(caseworker).post("/cases/due/").status_code == 405


def test_it_sends_anonymous_visitors_from_the_due_page_to_log_in(anonymous):
    response = anonymous.get("/cases/due/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/cases/due/",
    )


def test_it_shows_the_removal_time_in_each_users_time_zone(caseworker, colleague, due_cases):
    # No account service sets the time zone yet: set the preference directly.
    colleague.time_zone = "America/Vancouver"
    colleague.save(update_fields=["time_zone"])
    reference = due_cases["removal"].reference

    for path in (f"/cases/{reference}/", "/cases/due/"):
        in_toronto = page(client_for(caseworker).get(path))
        in_vancouver = page(client_for(colleague).get(path))
        assert "10 May 2026, 15:00 EDT" in in_toronto
        assert "10 May 2026, 12:00 PDT" in in_vancouver
        assert "EDT" not in in_vancouver
