"""Helpers shared by the tests of the case pages."""

from casework.cases.models import Case, Person


def url(path: str, case: Case) -> str:
    return path.format(
        ref=case.reference,
        person=case.people.first().pk,
        document=case.documents.first().pk,
    )


def request(client, method: str, path: str, data=None):
    return getattr(client, method.lower())(path, data or {})


def page(response) -> str:
    return response.content.decode()


def person_data(**overrides) -> dict:
    data = {
        "person-role": Person.Role.CHILD,
        "person-family_name": "Haddad",
        "person-given_names": "Yara",
        "person-date_of_birth": "2015-09-01",
        "person-date_of_birth_precision": "day",
        "person-citizenship": "SY",
        "person-uci": "12-3456-7890",
        "person-relationship": "Daughter",
    }
    return data | overrides
