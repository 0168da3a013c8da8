"""The case page shows the latest lines of the history; the history page shows every line."""

import pytest

from casework.cases import services
from casework.cases.models import COUNCIL_ONLY_EVENTS
from tests.factories import PersonFields, act, client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_shows_the_latest_lines_on_the_case_page_and_links_to_the_whole_history(caseworker):
    case = make_case(caseworker)
    for number in range(25):
        services.note_add(case=case, actor=caseworker, body=f"Call {number}.", internal=False)
    client = client_for(caseworker)

    page = client.get(f"/cases/{case.reference}/")
    assert len(page.context["events"]) == 20
    assert f"/cases/{case.reference}/history/" in page.content.decode()

    history = client.get(f"/cases/{case.reference}/history/")
    assert history.status_code == 200
    assert len(history.context["page"]) == case.events.count()  # 28 lines: one page of 50


def test_a_short_history_is_whole_on_the_case_page(caseworker):
    case = make_case(caseworker)

    page = client_for(caseworker).get(f"/cases/{case.reference}/")

    assert len(page.context["events"]) == case.events.count()
    assert f"/cases/{case.reference}/history/" not in page.content.decode()


def test_the_history_page_hides_council_only_lines_from_members(caseworker, director, outsider):
    """The same rule as the case page (selectors.events_visible_to): duplicates stay hidden."""
    mine = make_case(caseworker, submitted=True)
    person = mine.people.get()
    theirs = make_case(outsider, people=0)
    services.person_add(
        case=theirs,
        actor=outsider,
        **PersonFields(family_name=person.family_name, uci=person.uci),
    )
    act(theirs, outsider, "submit")
    assert mine.events.filter(action__in=COUNCIL_ONLY_EVENTS).exists()

    actions = [
        event.action
        for event in client_for(caseworker).get(f"/cases/{mine.reference}/history/").context["page"]
    ]
    assert not set(actions) & COUNCIL_ONLY_EVENTS
    staff_actions = [
        event.action
        for event in client_for(director).get(f"/cases/{mine.reference}/history/").context["page"]
    ]
    assert set(staff_actions) & COUNCIL_ONLY_EVENTS
