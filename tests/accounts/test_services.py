import pytest

from casework.accounts.models import Membership, Organisation, Role
from casework.accounts.services import membership_sync_groups, organisation_create, user_create
from casework.cases.selectors import cases_visible_to
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (Organisation.Kind.MEMBER, Role.POLICY_DIRECTOR),
        (Organisation.Kind.COUNCIL, Role.CASEWORKER),
        (Organisation.Kind.GOVERNMENT, Role.ORG_ADMIN),
        (Organisation.Kind.MEMBER, Role.GOVERNMENT_CONTACT),
    ],
)
def test_it_refuses_a_role_the_organisation_cannot_have(kind, role):
    organisation = organisation_create(name="Somewhere", kind=kind)
    with pytest.raises(ValueError, match="does not exist"):
        user_create(username="x", password=None, organisation=organisation, role=role)
    assert not Membership.objects.exists()


def test_it_gives_council_staff_their_permissions_through_their_role(council):
    staff = user_create(username="s", password=None, organisation=council, role=Role.COUNCIL_STAFF)
    assert staff.has_perm("cases.triage_case")
    assert staff.has_perm("cases.view_submitted_case")
    assert staff.has_perm("cases.view_internal_note")
    assert not staff.has_usable_password()


def test_it_gives_members_no_council_permission(caseworker, org_admin, cbsa_contact):
    for user in (caseworker, org_admin, cbsa_contact):
        assert not user.has_perm("cases.triage_case")
        assert not user.has_perm("cases.view_submitted_case")


def test_it_stops_a_moved_account_seeing_the_old_organisations_cases(caseworker, outsider, org_b):
    ours = make_case(caseworker)
    theirs = make_case(outsider)

    Membership.objects.filter(user=caseworker).update(organisation=org_b)
    membership_sync_groups(caseworker)

    assert list(cases_visible_to(caseworker)) == [theirs]
    assert list(caseworker.groups.all()) == [org_b.group]
    assert ours not in cases_visible_to(caseworker)
