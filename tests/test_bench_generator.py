"""The benchmark's bulk generator writes what the services would, so the figures mean something."""

import pytest

from bench.generator import World, bulk_cases
from casework.cases.identifiers import person_match_key
from casework.cases.models import Person

pytestmark = pytest.mark.django_db


def test_generated_people_carry_the_duplicate_detection_key(caseworker, director):
    world = World(council_staff=[director], members=[(caseworker.organisation, [caseworker])])
    bulk_cases(world, 20, seed=1)

    people = list(Person.objects.all())
    assert people
    assert all(
        person.match_key
        == person_match_key(person.given_names, person.family_name, person.date_of_birth)
        for person in people
    )
