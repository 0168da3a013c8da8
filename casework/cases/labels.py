"""How a case is known besides its reference: its principal person's name and a short title.

The principal person is the one the case is about: the person facing removal, the separated
child, the sponsor in Canada of a family reunification. Services keep `Case.principal_name`
up to date (services._refresh_derived), so lists show it without a query per row.
"""

from collections.abc import Iterable

from .models import Kind, Person

PRINCIPAL_ROLES = {
    Kind.FAMILY_REUNIFICATION: (Person.Role.SPONSOR, Person.Role.EXCLUDED_MEMBER),
    Kind.SEPARATED_CHILD: (Person.Role.CHILD,),
    Kind.REMOVAL_DEFERRAL: (Person.Role.REMOVAL_SUBJECT,),
    Kind.BORDER_INTERVENTION: (Person.Role.REMOVAL_SUBJECT,),
    Kind.DETENTION: (Person.Role.REMOVAL_SUBJECT,),
    # The person referred: the first person added.
    Kind.RESETTLEMENT_REFERRAL: (),
}


def principal_person(kind: str, people: Iterable[Person]) -> Person | None:
    """The first person in the kind's principal role, else the first person added."""
    people = sorted(people, key=lambda person: person.pk or 0)
    for role in PRINCIPAL_ROLES.get(kind, ()):
        for person in people:
            if person.role == role:
                return person
    return people[0] if people else None


def principal_name(kind: str, people: Iterable[Person]) -> str:
    person = principal_person(kind, people)
    # From the fields, not Person.full_name: migrations call this with historical models.
    return f"{person.given_names} {person.family_name}".strip() if person else ""
