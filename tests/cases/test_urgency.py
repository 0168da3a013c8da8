import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from casework.cases import services, tasks
from casework.cases.models import Case, CaseEvent, Kind, Status, Urgency
from flows.selectors import inbox
from tests.factories import (
    NOW,
    PersonFields,
    act,
    case_at,
    client_for,
    make_case,
    removal_fields,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def removal_case(caseworker, *, people=1, **removal):
    return make_case(
        caseworker, kind=Kind.REMOVAL_DEFERRAL, people=people, removal=removal_fields(**removal)
    )


@pytest.mark.parametrize("until_removal", [HOUR, 71 * HOUR, 72 * HOUR])
def test_it_is_critical_when_removal_is_within_72_hours(caseworker, until_removal):
    case = removal_case(caseworker, removal_at=NOW + until_removal)
    assert case.urgency == Urgency.CRITICAL


def test_it_is_critical_when_the_person_is_detained_with_a_removal_date(caseworker):
    case = removal_case(caseworker, removal_at=NOW + 60 * DAY, detained=True)
    assert case.urgency == Urgency.CRITICAL


def test_it_is_not_critical_when_detained_without_a_removal_date(caseworker):
    case = removal_case(caseworker, removal_at=None, detained=True)
    assert case.urgency == Urgency.ROUTINE


@pytest.mark.parametrize("until_removal", [73 * HOUR, 7 * DAY, 14 * DAY])
def test_it_is_high_when_removal_is_within_14_days(caseworker, until_removal):
    case = removal_case(caseworker, removal_at=NOW + until_removal)
    assert case.urgency == Urgency.HIGH


def test_it_is_routine_when_removal_of_an_adult_is_further_than_14_days(caseworker):
    case = removal_case(caseworker, removal_at=NOW + 14 * DAY + HOUR)
    assert case.urgency == Urgency.ROUTINE


@pytest.mark.parametrize("days", [0, 3, 5])
def test_it_is_high_when_a_legal_deadline_is_within_5_days(caseworker, days):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=None),
        deadline=NOW.date() + datetime.timedelta(days=days),
    )
    assert case.urgency == Urgency.HIGH


def test_it_is_not_high_when_the_deadline_is_6_days_away(caseworker):
    case = make_case(
        caseworker,
        kind=Kind.BORDER_INTERVENTION,
        removal=removal_fields(removal_at=None),
        deadline=NOW.date() + datetime.timedelta(days=6),
    )
    assert case.urgency == Urgency.ROUTINE


@pytest.mark.parametrize("kind", [Kind.FAMILY_REUNIFICATION, Kind.SEPARATED_CHILD])
def test_it_is_medium_for_family_kinds(caseworker, kind):
    case = make_case(caseworker, kind=kind)
    assert case.urgency == Urgency.MEDIUM


def test_it_is_medium_for_a_removal_case_with_a_minor(caseworker):
    case = removal_case(caseworker, people=0)
    assert case.urgency == Urgency.ROUTINE

    # Turns 18 tomorrow: still a child today.
    born = datetime.date(NOW.year - 18, NOW.month, NOW.day) + DAY
    services.person_add(
        case=case, actor=caseworker, **PersonFields(role="child", date_of_birth=born)
    )
    case.refresh_from_db()
    assert case.urgency == Urgency.MEDIUM


def test_it_is_routine_for_a_removal_case_with_only_adults(caseworker):
    born = datetime.date(NOW.year - 18, NOW.month, NOW.day)  # 18 today
    case = removal_case(caseworker, people=0)
    services.person_add(case=case, actor=caseworker, **PersonFields(date_of_birth=born))
    case.refresh_from_db()
    assert case.urgency == Urgency.ROUTINE


def test_it_recomputes_urgency_on_the_next_write_as_the_removal_comes_closer(
    caseworker, time_machine
):
    case = removal_case(caseworker, removal_at=NOW + 20 * DAY)
    assert case.urgency == Urgency.ROUTINE

    time_machine.move_to(NOW + 18 * DAY, tick=False)
    services.case_update(
        case=case, actor=caseworker, expected_version=case.version, data={"summary": "Updated."}
    )
    case.refresh_from_db()
    assert case.urgency == Urgency.CRITICAL


def test_it_lets_an_override_win_over_the_computed_urgency(caseworker, director):
    case = removal_case(caseworker, removal_at=NOW + HOUR)
    assert case.urgency == Urgency.CRITICAL

    services.case_set_urgency_override(
        case=case, actor=director, urgency=Urgency.ROUTINE, reason="Removal already deferred."
    )
    case.refresh_from_db()
    assert (case.urgency, case.urgency_override_reason) == (
        Urgency.ROUTINE,
        "Removal already deferred.",
    )

    services.person_add(case=case, actor=caseworker, **PersonFields())
    case.refresh_from_db()
    assert case.urgency == Urgency.ROUTINE  # still overridden after another write


def test_it_recomputes_when_the_override_is_cleared(caseworker, director):
    case = removal_case(caseworker, removal_at=NOW + HOUR)
    services.case_set_urgency_override(
        case=case, actor=director, urgency=Urgency.MEDIUM, reason="Deferred."
    )
    services.case_set_urgency_override(case=case, actor=director, urgency=None, reason="")
    case.refresh_from_db()
    assert (case.urgency, case.urgency_override, case.urgency_override_reason) == (
        Urgency.CRITICAL,
        None,
        "",
    )


def test_it_refuses_an_override_without_a_reason(caseworker, director):
    case = removal_case(caseworker)
    with pytest.raises(services.CaseError, match="reason"):
        services.case_set_urgency_override(
            case=case, actor=director, urgency=Urgency.CRITICAL, reason="  "
        )
    case.refresh_from_db()
    assert (case.urgency, case.urgency_override) == (Urgency.ROUTINE, None)


def test_it_refuses_an_override_by_a_caseworker(caseworker):
    case = removal_case(caseworker)
    with pytest.raises(PermissionDenied):
        services.case_set_urgency_override(
            case=case, actor=caseworker, urgency=Urgency.CRITICAL, reason="Please hurry."
        )


# Derived legal deadlines (casework.cases.deadlines)


@pytest.mark.parametrize(
    ("received_days_ago", "expected"), [(10, Urgency.HIGH), (9, Urgency.ROUTINE)]
)
def test_it_is_high_when_a_judicial_review_deadline_is_within_5_days(
    caseworker, received_days_ago, expected
):
    case = removal_case(caseworker, removal_at=None)
    services.government_file_add(
        case=case,
        actor=caseworker,
        agency="IRCC",
        kind="hc",
        number="E000123456",
        decision="refused",
        notified_on=NOW.date() - received_days_ago * DAY,  # + 15 days
    )
    case.refresh_from_db()
    assert case.urgency == expected


def test_it_is_high_when_the_prra_deadline_is_within_5_days_until_the_prra_is_filed(caseworker):
    # Notice on Monday 20 April: due Tuesday 5 May, tomorrow.
    case = removal_case(caseworker, removal_at=None, prra_notified_on=NOW.date() - 14 * DAY)
    assert case.urgency == Urgency.HIGH

    services.government_file_add(
        case=case,
        actor=caseworker,
        agency="IRCC",
        kind="prra",
        number="E000123456",
        submitted_on=NOW.date(),
    )
    case.refresh_from_db()
    assert case.urgency == Urgency.ROUTINE


def test_it_is_high_while_a_legal_deadline_is_overdue_and_unmet(caseworker):
    case = removal_case(caseworker, removal_at=None, prra_notified_on=NOW.date() - 30 * DAY)
    assert case.urgency == Urgency.HIGH


def test_it_is_not_raised_by_a_follow_up_date(caseworker, director):
    case = case_at(
        Status.ESCALATED,
        member=caseworker,
        council=director,
        kind=Kind.BORDER_INTERVENTION,
        removal=removal_fields(removal_at=None),
    )
    act(case, director, "record_response", received_on=NOW.date(), response="Noted.")
    act(case, director, "follow_up", comment="Chased.")
    case.refresh_from_db()
    assert case.next_deadline == NOW.date() + 14 * DAY
    assert case.urgency == Urgency.ROUTINE


# Recomputation as time passes, without anyone editing the case


def recompute_by_command() -> int:
    out = io.StringIO()
    call_command("recompute_urgency", stdout=out)
    return int(re.search(r"(\d+) case", out.getvalue()).group(1))


def recompute_by_task() -> int:
    return tasks.recompute_urgency()


@pytest.mark.parametrize("recompute", [recompute_by_command, recompute_by_task])
def test_it_makes_a_removal_critical_and_first_in_the_queue_72_hours_before(
    caseworker, outsider, director, time_machine, recompute
):
    removal_at = NOW + 5 * DAY
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=removal_at),
        submitted=True,
    )
    # Ahead of it for now: a high case with a nearer deadline, and a medium family case.
    nearer = make_case(
        outsider,
        kind=Kind.BORDER_INTERVENTION,
        removal=removal_fields(removal_at=None),
        deadline=NOW.date() + 2 * DAY,
        submitted=True,
    )
    family = make_case(caseworker, submitted=True)
    assert (case.urgency, nearer.urgency, family.urgency) == (
        Urgency.HIGH,
        Urgency.HIGH,
        Urgency.MEDIUM,
    )
    assert queue_order(director) == [nearer.reference, case.reference, family.reference]
    version, updated_at = case.version, case.updated_at

    time_machine.move_to(removal_at - 71 * HOUR, tick=False)
    assert recompute() == 1

    case.refresh_from_db()
    assert case.urgency == Urgency.CRITICAL
    assert (case.version, case.updated_at) == (version, updated_at)  # not a user edit
    assert queue_order(director) == [case.reference, nearer.reference, family.reference]
    assert task_names(inbox(director)[1])[0] == ("triage", case.reference)
    event = case.events.get(action="case.urgency_changed")
    assert (event.actor, event.data) == (None, {"from": Urgency.HIGH, "to": Urgency.CRITICAL})
    assert event.urgency_change == ("High", "Critical")
    page = client_for(director).get(f"/cases/{case.reference}/").content.decode()
    assert "urgency changed as time passed: High → <strong>Critical</strong>" in page

    events = CaseEvent.objects.count()
    assert recompute() == 0
    assert CaseEvent.objects.count() == events
    assert Case.objects.get(pk=case.pk).urgency == Urgency.CRITICAL


def queue_order(director) -> list[str]:
    response = client_for(director).get("/cases/")
    return [case.reference for case in response.context["page"].object_list]


def task_names(rows) -> list[tuple[str, str]]:
    return [(row.task.flow_task.name, row.case.reference) for row in rows]


def test_it_registers_the_recompute_task_under_its_public_name():
    assert tasks.recompute_urgency.name == "casework.cases.tasks.recompute_urgency"
    assert tasks.recompute_urgency.delay().get() == 0  # no broker in tests: runs inline


def test_it_recomputes_downwards_too_when_a_child_comes_of_age(caseworker, time_machine):
    case = removal_case(caseworker, people=0)
    born = datetime.date(NOW.year - 18, NOW.month, NOW.day) + DAY  # 18 tomorrow
    services.person_add(
        case=case, actor=caseworker, **PersonFields(role="child", date_of_birth=born)
    )
    case.refresh_from_db()
    assert case.urgency == Urgency.MEDIUM

    time_machine.move_to(NOW + 2 * DAY, tick=False)
    assert services.urgency_recompute_all() == 1
    case.refresh_from_db()
    assert case.urgency == Urgency.ROUTINE
    assert case.events.get(action="case.urgency_changed").data == {
        "from": Urgency.MEDIUM,
        "to": Urgency.ROUTINE,
    }


def test_it_leaves_overridden_and_finished_cases_alone(caseworker, director, time_machine):
    overridden = removal_case(caseworker, removal_at=NOW + 5 * DAY)
    services.case_set_urgency_override(
        case=overridden, actor=director, urgency=Urgency.ROUTINE, reason="Removal deferred."
    )
    withdrawn = removal_case(caseworker, removal_at=NOW + 5 * DAY)
    act(withdrawn, caseworker, "withdraw", comment="Client left.")
    urgencies = {c.pk: c.urgency for c in Case.objects.all()}

    time_machine.move_to(NOW + 4 * DAY, tick=False)
    assert services.urgency_recompute_all() == 0
    assert {c.pk: c.urgency for c in Case.objects.all()} == urgencies
    assert not CaseEvent.objects.filter(action="case.urgency_changed").exists()


def test_it_reads_in_a_constant_number_of_queries_and_writes_nothing_unchanged(
    caseworker, django_assert_num_queries
):
    for days in (1, 5, 20):
        removal_case(caseworker, removal_at=NOW + days * DAY)
        make_case(caseworker, deadline=NOW.date() + days * DAY)
    # The cases, their people, their open legal deadlines: no write at all.
    with django_assert_num_queries(3):
        assert services.urgency_recompute_all() == 0


def test_it_skips_a_case_written_since_it_was_read(caseworker, time_machine, monkeypatch):
    case = removal_case(caseworker, removal_at=NOW + 5 * DAY)
    time_machine.move_to(NOW + 3 * DAY, tick=False)
    apply = services._urgency_apply

    def edit_first(changes):
        # Someone edits the case between the read and the write: the edit recomputed it.
        services.person_add(case=case, actor=caseworker, **PersonFields())
        return apply(changes)

    monkeypatch.setattr(services, "_urgency_apply", edit_first)
    assert services.urgency_recompute_all() == 0
    case.refresh_from_db()
    assert case.urgency == Urgency.CRITICAL
    assert not case.events.filter(action="case.urgency_changed").exists()
