"""The demo loader and its data: dates relative to the run, stories that check themselves."""

import datetime

import pytest

from casework.cases.models import Case, Kind, Person, Urgency
from casework.demo.loader import load_demo
from casework.demo.schema import Consent, Day, Story
from casework.demo.stories import STORIES


@pytest.mark.django_db
def test_dates_are_relative_to_the_day_it_runs(time_machine):
    # Years from now the demo still has a removal in under 48 hours and a teenager of 17.
    later = datetime.datetime(2031, 2, 27, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(later, tick=False)

    assert load_demo().startswith("/accounts/join/")

    critical = Case.objects.get(kind=Kind.REMOVAL_DEFERRAL, urgency=Urgency.CRITICAL)
    assert critical.removal.removal_at - later == datetime.timedelta(hours=40)
    assert Case.objects.filter(deadline=datetime.date(2031, 2, 28)).exists()  # Day(1)
    assert Person.objects.get(given_names="Sohail").date_of_birth == datetime.date(2013, 6, 27)
    assert load_demo() is None


def test_a_story_refuses_a_consent_for_someone_not_in_it():
    story = STORIES[0]

    with pytest.raises(ValueError, match="none of the story's people"):
        Story(
            opened_by=story.opened_by,
            kind=story.kind,
            summary=story.summary,
            people=story.people,
            consents=(Consent("Nobody", "self", "Nobody", Day(0)),),
        )
