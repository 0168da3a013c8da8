"""The task inbox read by one join of task, process and case: the same tasks in the same order
as the query it replaced, 50 rows a section with a page for the rest, totals, and a constant
number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Subquery
from viewflow.workflow.models import Task

from bench.generator import World, build_world, bulk_cases
from casework.cases.models import Case, Kind
from casework.cases.selectors import cases_visible_to
from flows import selectors
from flows.selectors import OPEN_STATUSES, SECTION_ROWS, inbox
from tests.factories import client_for, make_case

pytestmark = pytest.mark.django_db


def tasks_as_before(user, section: str) -> list[tuple[int, str]]:
    """The inbox's query before the join: visibility as an IN, the case's sort keys as two
    correlated subqueries (plus the task's id, which only breaks ties of equal creation time)."""
    case = Case.objects.filter(pk=OuterRef("process__artifact_object_id"))
    tasks = Task.objects.filter(
        flow_task_type="HUMAN",
        status__in=OPEN_STATUSES,
        process__artifact_content_type=ContentType.objects.get_for_model(Case),
        process__artifact_object_id__in=cases_visible_to(user).values("pk"),
    ).annotate(
        case_urgency=Subquery(case.values("urgency")),
        case_deadline=Subquery(case.values("next_deadline")),
        reference=Subquery(case.values("reference")),
    )
    if section == "mine":
        tasks = tasks.filter(owner=user)
    else:
        tasks = tasks.filter(owner__isnull=True, owner_permission__in=user.get_all_permissions())
    ordered = tasks.order_by(
        "case_urgency", F("case_deadline").asc(nulls_last=True), "created", "pk"
    )
    return list(ordered.values_list("pk", "reference"))


def shown(rows) -> list[tuple[int, str]]:
    return [(row.task.pk, row.case.reference) for row in rows]


@pytest.fixture
def bench_world(db) -> World:
    """The council, IRCC, CBSA and two member organisations, with 400 cases in every state:
    a few hundred open tasks, more than a section shows."""
    world = build_world(organisations=2)
    bulk_cases(world, 400, seed=11)
    return world


def personas(world: World):
    members = [account for _organisation, accounts in world.members for account in accounts]
    return [
        *world.council_staff[:2],
        *members,
        *(org.group.user_set.get() for org in world.agencies.values()),
    ]


def test_it_shows_each_persona_the_same_tasks_in_the_same_order_as_before(bench_world):
    checked = 0
    for user in personas(bench_world):
        mine, queue = inbox(user)
        for section, rows in (("mine", mine), ("queue", queue)):
            before = tasks_as_before(user, section)
            assert shown(rows) == before[:SECTION_ROWS], (user.username, section)
            assert rows.total == len(before), (user.username, section)
            assert rows.more == (len(before) > SECTION_ROWS)
            checked += len(before)
    # The world is big enough to fill a section: the cap was tested, not only the order.
    assert any(len(tasks_as_before(user, "queue")) > SECTION_ROWS for user in personas(bench_world))
    assert checked


def test_it_caps_each_section_and_pages_the_rest_on_its_own_page(bench_world):
    director = bench_world.council_staff[0]
    client = client_for(director)
    before = tasks_as_before(director, "queue")
    assert len(before) > SECTION_ROWS

    page = client.get("/tasks/")
    queue = page.context["queue"]
    assert len(queue) == SECTION_ROWS
    html = page.content.decode()
    assert f"({len(before)})" in html
    assert 'href="/tasks/queue/"' in html

    paged = []
    for number in range(1, len(before) // SECTION_ROWS + 2):
        response = client.get(f"/tasks/queue/?page={number}")
        assert response.status_code == 200
        paged += shown(response.context["rows"])
    assert paged == before
    assert "Take " in response.content.decode()  # the queue's rows can be claimed there too

    mine = client.get("/tasks/mine/")
    assert shown(mine.context["rows"]) == tasks_as_before(director, "mine")[:SECTION_ROWS]
    assert "Take " not in mine.content.decode()


def test_it_shows_a_capped_total_as_more_than_the_cap(bench_world, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 40)
    director = bench_world.council_staff[0]
    assert len(tasks_as_before(director, "queue")) > 41

    response = client_for(director).get("/tasks/")

    assert response.context["queue"].total == 41
    assert "(more than 40)" in response.content.decode()


def test_a_section_page_links_its_neighbours_without_counting_every_task(bench_world, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 40)
    director = bench_world.council_staff[0]
    client = client_for(director)
    before = tasks_as_before(director, "queue")
    last = len(before) // SECTION_ROWS + 1

    first = client.get("/tasks/queue/").content.decode()
    final = client.get(f"/tasks/queue/?page={last}").content.decode()
    past = client.get(f"/tasks/queue/?page={last + 5}")
    nonsense = client.get("/tasks/queue/?page=-3")

    assert "(more than 40)" in first
    assert "Page 1<" in first and "?page=2" in first and "?page=0" not in first
    assert f"Page {last}<" in final and f"?page={last - 1}" in final
    assert f"?page={last + 1}" not in final
    assert past.status_code == 200 and list(past.context["rows"]) == []
    assert shown(nonsense.context["rows"]) == before[:SECTION_ROWS]


def test_it_shows_a_member_only_their_organisations_tasks_on_the_section_pages(bench_world):
    (first, (caseworker, _admin)), (second, _accounts) = bench_world.members
    rows = client_for(caseworker).get("/tasks/mine/").context["rows"]
    assert rows
    assert {row.case.organisation for row in rows} == {first}
    queue = client_for(caseworker).get("/tasks/queue/").context["rows"]
    assert all(row.case.organisation == first for row in queue)


@pytest.mark.parametrize("path", ["/tasks/", "/tasks/queue/", "/tasks/mine/"])
def test_it_reads_the_inbox_pages_in_the_same_number_of_queries_for_10_or_100_tasks(
    path, django_assert_num_queries
):
    world = build_world(organisations=1)
    director = world.council_staff[0]
    client = client_for(director)
    bulk_cases(world, 15, seed=3)
    few = Task.objects.filter(status__in=OPEN_STATUSES, flow_task_type="HUMAN").count()
    assert client.get(path).status_code == 200
    # session, user, (the inbox: both totals; the section page: its count), the rows
    expected = 5 if path == "/tasks/" else 4
    with django_assert_num_queries(expected):
        client.get(path)

    bulk_cases(world, 250, seed=4)
    many = Task.objects.filter(status__in=OPEN_STATUSES, flow_task_type="HUMAN").count()
    assert few <= 10 < 100 <= many
    with django_assert_num_queries(expected):
        client.get(path)


def test_it_shows_each_task_with_its_cases_name_title_kind_and_organisation(director, caseworker):
    case = make_case(
        caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True, title="Stay before the H&C"
    )

    page = client_for(director).get("/tasks/").content.decode()

    row = page[page.index(case.reference) :].split("</tr>")[0]
    assert case.principal_name and case.principal_name in row
    assert "Stay before the H&amp;C" in row
    assert str(Kind.REMOVAL_DEFERRAL.label).replace("&", "&amp;") in row
    assert case.organisation.name in row
