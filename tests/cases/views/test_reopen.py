"""The policy director reopens a finished case, with a reason; nobody else does."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.cases import services
from casework.cases.models import Case, CaseEvent, Outcome, Status
from tests.factories import act, case_at, client_for, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def reopen_url(case) -> str:
    return f"/cases/{case.reference}/transition/reopen/"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (Status.CLOSED, Outcome.FAVOURABLE),
        (Status.DECLINED, ""),
        (Status.WITHDRAWN, Outcome.WITHDRAWN),
    ],
)
def test_the_director_reopens_a_finished_case_with_a_reason(caseworker, director, status, outcome):
    if status == Status.WITHDRAWN:
        # Withdrawn after the council saw it (a draft withdrawn is never the council's).
        case = act(
            case_at(Status.SUBMITTED, member=caseworker, council=director),
            caseworker,
            "withdraw",
            comment="The family moved.",
        )
    else:
        case = case_at(status, member=caseworker, council=director)
    assert case.outcome == outcome
    client = client_for(director)
    assert "Reopen the case" in client.get(f"/cases/{case.reference}/").content.decode()
    response = client.post(
        reopen_url(case),
        {"reopen-version": case.version, "reopen-comment": "IRCC wrote again."},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.outcome, case.closed_at) == (Status.IN_REVIEW, "", None)
    event = CaseEvent.objects.filter(case=case, action="case.reopen").get()
    assert (event.from_status, event.comment) == (status, "IRCC wrote again.")
    # The flow takes the case up again: a review task is open.
    open_tasks = Task.objects.filter(
        process__artifact_object_id=case.pk, flow_task_type="HUMAN"
    ).exclude(status="DONE")
    assert [task.flow_task.name for task in open_tasks] == ["review"]
    # ... and the case can be closed again.
    case = act(case, director, "accept")
    assert case.status == Status.ACCEPTED


def test_a_reason_is_required(caseworker, director):
    case = case_at(Status.CLOSED, member=caseworker, council=director)
    before = snapshot(case)
    response = client_for(director).post(
        reopen_url(case), {"reopen-version": case.version, "reopen-comment": " "}
    )
    assert response.status_code == 400
    assert snapshot(case) == before


def test_council_staff_and_members_may_not_reopen(caseworker, director, council_staff, outsider):
    case = case_at(Status.CLOSED, member=caseworker, council=director)
    before = snapshot(case)
    assert client_for(council_staff).get(reopen_url(case)).status_code == 403
    assert client_for(caseworker).get(reopen_url(case)).status_code == 403
    assert client_for(outsider).get(reopen_url(case)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.case_reopen(
            case=case, actor=council_staff, expected_version=None, comment="Please."
        )
    assert snapshot(case) == before
    assert (
        "Reopen the case"
        not in client_for(council_staff).get(f"/cases/{case.reference}/").content.decode()
    )


def test_an_anonymised_case_stays_closed(caseworker, director):
    case = case_at(Status.CLOSED, member=caseworker, council=director)
    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now())
    with pytest.raises(services.CaseError):
        services.case_reopen(
            case=Case.objects.get(pk=case.pk), actor=director, expected_version=None,
            comment="Please.",
        )  # fmt: skip
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
