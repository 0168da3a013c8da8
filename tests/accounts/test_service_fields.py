"""The account services name what they accept: no field outside it gets through."""

import inspect

import pytest

from casework.accounts import services
from casework.accounts.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# What organisation_update may never be talked into writing: its standing, its kind, its
# permission group, who applied.
FORBIDDEN = {
    "status": Organisation.Status.ACTIVE,
    "kind": Organisation.Kind.COUNCIL,
    "agency": "CBSA",
    "group": None,
    "applicant_email": "someone@example.org",
    "created_at": None,
}


@pytest.mark.parametrize("field", sorted(FORBIDDEN))
def test_organisation_update_refuses_a_field_it_does_not_name_and_writes_nothing(
    director, org_a, field
):
    before = Organisation.objects.filter(pk=org_a.pk).values().get()

    with pytest.raises(TypeError, match=field):
        services.organisation_update(
            organisation=org_a, actor=director, data={"region": "Peel", field: FORBIDDEN[field]}
        )

    assert Organisation.objects.filter(pk=org_a.pk).values().get() == before


def test_the_allowed_details_go_through(director, org_a):
    services.organisation_update(
        organisation=org_a,
        actor=director,
        data={name: getattr(org_a, name) for name in services.ORGANISATION_DETAILS}
        | {"region": "Peel"},
    )

    assert Organisation.objects.get(pk=org_a.pk).region == "Peel"


def test_no_account_service_takes_arbitrary_or_positional_arguments():
    """Keyword-only, unless it takes one argument (HackSoft's rule); never `**fields`."""
    functions = [
        function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    ]
    loose = []
    for function in functions:
        parameters = inspect.signature(function).parameters.values()
        if any(p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) for p in parameters) or (
            len(parameters) > 1 and any(p.kind is p.POSITIONAL_OR_KEYWORD for p in parameters)
        ):
            loose.append(function.__name__)
    assert functions and loose == []
