"""Adding, editing and removing the people of a case."""

import pytest

from casework.cases.models import Person
from tests.factories import client_for, make_case, snapshot

from .helpers import page, person_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_adds_a_person(caseworker, draft):
    response = client_for(caseworker).post(f"/cases/{draft.reference}/people/", person_data())
    assert (response.status_code, response["Location"]) == (302, f"/cases/{draft.reference}/")
    person = draft.people.get(family_name="Haddad")
    assert (person.uci, person.citizenship.code, person.is_minor) == ("1234567890", "SY", True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "person-uci",
            "1234567",
            "A UCI has 8 or 10 digits, for example 1234-5678 or 12-3456-7890.",
        ),
        ("person-uci", "0000-0000", "00000000 is a placeholder, not a UCI."),
        ("person-date_of_birth", "2027-01-01", "A date of birth cannot be in the future."),
        ("person-family_name", "", "This field is required."),
    ],
)
def test_it_refuses_a_bad_person_and_says_why(caseworker, draft, field, value, message):
    before = snapshot(draft)
    people = draft.people.count()

    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/people/", person_data(**{field: value})
    )

    assert response.status_code == 400
    errors = response.context["form"].errors[field.removeprefix("person-")]
    assert errors[0].startswith(message)
    assert message.split(",")[0] in page(response)
    assert snapshot(draft) == before
    assert draft.people.count() == people


def test_it_edits_a_person(caseworker, draft):
    person = draft.people.first()
    path = f"/cases/{draft.reference}/people/{person.pk}/edit/"
    client = client_for(caseworker)
    assert client.get(path).status_code == 200

    data = {
        k.removeprefix("person-"): v for k, v in person_data(**{"person-uci": "8765 4321"}).items()
    }
    response = client.post(path, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.uci) == ("Haddad", "87654321")


def test_it_refuses_a_bad_uci_when_editing_a_person(caseworker, draft):
    person = draft.people.first()
    before = snapshot(draft)
    data = {
        k.removeprefix("person-"): v for k, v in person_data(**{"person-uci": "12AB5678"}).items()
    }

    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/people/{person.pk}/edit/", data
    )

    assert response.status_code == 400
    assert response.context["form"].errors["uci"] == [
        "A UCI has 8 or 10 digits, for example 1234-5678 or 12-3456-7890."
    ]
    assert snapshot(draft) == before
    assert Person.objects.get(pk=person.pk).family_name == person.family_name


def test_it_answers_404_for_a_person_of_another_case(caseworker, draft):
    other = make_case(caseworker)
    stranger = other.people.first()
    client = client_for(caseworker)
    assert client.get(f"/cases/{draft.reference}/people/{stranger.pk}/edit/").status_code == 404
    assert client.post(f"/cases/{draft.reference}/people/{stranger.pk}/remove/").status_code == 404
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_it_removes_a_person(caseworker, draft):
    person = draft.people.first()
    response = client_for(caseworker).post(f"/cases/{draft.reference}/people/{person.pk}/remove/")
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
