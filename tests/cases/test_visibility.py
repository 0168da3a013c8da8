"""cases_visible_to reads organisation_id and named shares: the same rows as guardian's
get_objects_for_user, on random data; a government contact sees no case, whatever an agency's
group holds (they read disclosures only: casework.disclosures).

Each example builds its own world (the council, IRCC, CBSA, one to three member organisations
with a caseworker and an administrator each), cases in random states with the grants the
services give them (bench/generator.py writes them as case_create, case_escalate and case_share
do), then shares cases with named people, grants agencies more cases and revokes some of both,
and asks both ways for every account. Each example runs in a savepoint rolled back at its end.
"""

import pytest
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bench.generator import build_world, bulk_cases
from casework.accounts.backends import MembershipModelBackend
from casework.accounts.models import Role, User
from casework.cases.models import Case
from casework.cases.selectors import cases_visible_to
from tests.test_properties import rolled_back

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def guardian_answer(user: User) -> set[str]:
    """cases_visible_to as it was: council staff by status, members through guardian; a
    government contact nothing (issue 12: disclosures, not cases)."""
    if user.role == Role.GOVERNMENT_CONTACT:
        return set()
    if user.has_perm("cases.view_submitted_case"):
        cases = Case.objects.filter(submitted_at__isnull=False)
    else:
        cases = get_objects_for_user(
            user, "cases.view_case", klass=Case, accept_global_perms=False, with_superuser=False
        )
    return set(cases.values_list("reference", flat=True))


# (case index, account index, revoke it afterwards): indexes are taken modulo the counts.
grants = st.lists(st.tuples(st.integers(0, 999), st.integers(0, 999), st.booleans()), max_size=8)


@EXAMPLES
@given(
    organisations=st.integers(1, 3),
    cases=st.integers(0, 25),
    seed=st.integers(0, 2**16),
    shares=grants,
    agency_grants=grants,
)
def test_it_shows_each_account_the_cases_guardian_grants_it(
    organisations, cases, seed, shares, agency_grants
):
    with rolled_back():
        world = build_world(organisations=organisations)
        bulk_cases(world, cases, seed=seed)
        all_cases = list(Case.objects.order_by("pk"))
        members = [account for _organisation, accounts in world.members for account in accounts]
        agencies = [organisation.group for organisation in world.agencies.values()]
        if all_cases:
            for case_index, member_index, revoke in shares:
                case, user = (
                    all_cases[case_index % len(all_cases)],
                    members[member_index % len(members)],
                )
                assign_perm("cases.view_case", user, case)
                if revoke:
                    remove_perm("cases.view_case", user, case)
            for case_index, agency_index, revoke in agency_grants:
                case, group = all_cases[case_index % len(all_cases)], agencies[agency_index % 2]
                assign_perm("cases.view_case", group, case)
                if revoke:
                    remove_perm("cases.view_case", group, case)
        for case in all_cases:
            event(f"status {case.status}")

        accounts = User.objects.select_related("membership__organisation").order_by("pk")
        for user in accounts:
            seen = set(cases_visible_to(user).values_list("reference", flat=True))
            assert seen == guardian_answer(user), user.username
            # The account as a request has it: its membership and shares read with it.
            of_request = MembershipModelBackend().get_user(user.pk)
            assert set(cases_visible_to(of_request).values_list("reference", flat=True)) == seen
            event(f"{user.role} sees {'some' if seen else 'no'} cases")
