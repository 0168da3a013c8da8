"""Statistics for a period: exact for the council, small counts suppressed when shared."""

import csv
import datetime
import io

import pytest

from casework.cases.models import Kind, Outcome, Status
from casework.reports.charts import bar_chart
from casework.reports.disclosure import shown_count, shown_median
from casework.reports.selectors import Tally, period_statistics
from tests.factories import NOW, act, case_at, client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

PERIOD = "from=2026-01-01&to=2026-12-31"


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def year(caseworker, outsider, director, time_machine):
    """Seven family cases from member A (Ontario), three removals from member B (BC).

    Two family cases go to IRCC on the day they are submitted; the government answers one after
    10 days and the other, after 30. One removal is closed as unfavourable.
    """
    for _ in range(7):
        make_case(caseworker, submitted=True)
    for _ in range(3):
        make_case(outsider, kind=Kind.REMOVAL_DEFERRAL, submitted=True)
    for days in (10, 30):
        escalated = case_at(Status.ESCALATED, member=caseworker, council=director)
        time_machine.move_to(NOW + datetime.timedelta(days=days), tick=False)
        act(
            escalated,
            director,
            "record_response",
            received_on=NOW.date() + datetime.timedelta(days=days),
            response="Seen.",
        )
        time_machine.move_to(NOW, tick=False)
    responded = case_at(
        Status.RESPONDED, member=outsider, council=director, kind=Kind.REMOVAL_DEFERRAL
    )
    act(responded, director, "close", outcome=Outcome.UNFAVOURABLE)
    make_case(caseworker)  # a draft: never counted
    time_machine.move_to(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=NOW.tzinfo), tick=False)
    make_case(caseworker, submitted=True)  # submitted after the period
    time_machine.move_to(NOW, tick=False)


def counts(tallies) -> dict[str, int]:
    return {str(t.label): t.count for t in tallies}


def test_it_counts_the_cases_submitted_in_the_period(year):
    stats = period_statistics(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))

    assert stats.total == 13
    assert counts(stats.by_kind)[str(Kind.FAMILY_REUNIFICATION.label)] == 9
    assert counts(stats.by_kind)[str(Kind.SEPARATED_CHILD.label)] == 0
    assert counts(stats.by_province) == {"Ontario": 9, "British Columbia": 4}
    assert counts(stats.by_organisation) == {"Member A": 9, "Member B": 4}
    assert counts(stats.outcomes)[str(Outcome.UNFAVOURABLE.label)] == 1
    ircc = next(t for t in stats.times if t.agency == "IRCC Case Management Branch")
    assert (ircc.to_escalation.days, ircc.to_escalation.cases) == (0, 2)
    assert (ircc.to_response.days, ircc.to_response.cases) == (20, 2)

    nothing = period_statistics(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert nothing.total == 0


def test_it_suppresses_counts_under_5_and_medians_over_fewer_than_5_cases_when_shared():
    assert [shown_count(n, shareable=True) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "<5",
        "<5",
        "5",
        "12",
    ]
    assert [shown_count(n, shareable=False) for n in (0, 1, 4)] == ["0", "1", "4"]
    assert shown_median(12.5, 4, shareable=True) == ""
    assert shown_median(12.5, 4, shareable=False) == "12.5"
    assert shown_median(12.0, 5, shareable=True) == "12"


def test_it_draws_no_bar_for_a_suppressed_count():
    chart = bar_chart("Cases", [Tally("A", 10), Tally("B", 3), Tally("C", 0)], shareable=True)

    assert [(bar.shown, bar.width > 0) for bar in chart.bars] == [
        ("10", True), ("<5", False), ("0", False),
    ]  # fmt: skip


def test_it_shows_the_council_exact_counts_labelled_internal(director, year):
    response = client_for(director).get(f"/reports/statistics/?{PERIOD}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Council internal" in page
    assert "<svg" in page and "<table" in page
    assert "<script" not in page and "style=" not in page
    assert ">4</td>" in page  # Member B's cases, exact


def test_it_shows_a_member_organisation_only_shareable_figures(caseworker, year):
    client = client_for(caseworker)
    response = client.get(f"/reports/statistics/?{PERIOD}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Council internal" not in page
    assert "&lt;5" in page and ">4</td>" not in page
    assert client.get(f"/reports/statistics/?{PERIOD}&audience=internal").status_code == 403
    assert client.get(f"/reports/statistics.csv?{PERIOD}&audience=internal").status_code == 403


def test_it_downloads_exact_or_shareable_figures_as_csv(director, year):
    client = client_for(director)

    internal = read_csv(client.get(f"/reports/statistics.csv?{PERIOD}&audience=internal"))
    shareable = read_csv(client.get(f"/reports/statistics.csv?{PERIOD}&audience=shareable"))

    assert "Council internal" in internal[1][0]
    assert ["Cases by organisation", "Member B", "4", ""] in internal
    assert ["Cases by organisation", "Member B", "<5", ""] in shareable
    assert ["Cases by organisation", "Member A", "9", ""] in shareable
    median_rows = [
        row for row in shareable if row[0] == "From escalation to the government's response"
    ]
    assert [
        "From escalation to the government's response",
        "IRCC Case Management Branch",
        "<5",
        "",
    ] in median_rows
    assert [
        "From escalation to the government's response",
        "IRCC Case Management Branch",
        "2",
        "20",
    ] in internal


def test_it_refuses_a_period_that_ends_before_it_starts(director):
    response = client_for(director).get("/reports/statistics/?from=2026-05-01&to=2026-04-01")

    assert response.status_code == 400
    assert "The period must start before it ends." in response.content.decode()


def test_it_refuses_statistics_to_government_contacts(cbsa_contact):
    # Not even counts: the disclosure portal is all a government contact reaches (404).
    client = client_for(cbsa_contact)
    assert client.get("/reports/statistics/").status_code == 404
    assert client.get("/reports/statistics.csv").status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(anonymous):
    assert anonymous.get("/reports/statistics/").status_code == 302
    assert anonymous.get("/reports/statistics.csv").status_code == 302


# session, user with membership (which says whether the user is council staff), then cases by
# kind, province, organisation and outcome, and the escalation dates for the medians.
STATISTICS_QUERIES = 7


def test_it_computes_the_statistics_of_3_or_30_cases_in_the_same_number_of_queries(
    caseworker, outsider, director, django_assert_num_queries
):
    client = client_for(director)
    for cases in (3, 27):
        for n in range(cases):
            make_case(caseworker if n % 2 else outsider, submitted=True)
        client.get(f"/reports/statistics/?{PERIOD}")  # warm the process-wide caches
        with django_assert_num_queries(STATISTICS_QUERIES):
            assert client.get(f"/reports/statistics/?{PERIOD}").status_code == 200
