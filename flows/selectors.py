"""The task inbox: what a user must do next, and what waits in the council's queue."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.accounts.models import Organisation, User
from casework.cases.models import Case
from casework.cases.selectors import CASE_ROW_FIELDS, unread, visibility
from casework.counting import count_each

# A task still waiting for someone.
OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

# The inbox shows this many rows of each section; the rest are a page away (flows:section).
SECTION_ROWS = 50
# Beyond this many tasks a section's total reads "more than 500": counting further costs time and
# tells the reader nothing more.
COUNT_CAP = 500
# The inbox's sections: the tasks assigned to the user, the unassigned ones they may claim.
MINE, QUEUE = "mine", "queue"
SECTIONS = (MINE, QUEUE)

# The case's columns an inbox row shows (and its status, which the FSM reads on loading),
# read with the task; the rest are deferred.
CASE_FIELDS = ("id", *CASE_ROW_FIELDS, "organisation_id")
ORGANISATION_FIELDS = ("id", "name", "name_fr")
# Model.from_db takes the values of a partial row in the model's field order.
CASE_COLUMNS = [f.attname for f in Case._meta.concrete_fields if f.attname in CASE_FIELDS]


@dataclass(frozen=True)
class InboxRow:
    task: Task
    case: Case


def _in_section(user: User, section: str) -> Q:
    if section == MINE:
        return Q(owner=user)
    return Q(owner__isnull=True, owner_permission__in=user.get_all_permissions())


def _open_tasks(user: User, section: str) -> QuerySet[Task]:
    """The open human tasks of a section whose case the user may see: one join of task,
    process and case (Case.processes), the visibility a condition on that one case row."""
    return Task.objects.filter(
        visibility(user, prefix="process__case__"),
        _in_section(user, section),
        flow_task_type="HUMAN",
        status__in=OPEN_STATUSES,
    )


def section_tasks(user: User, section: str) -> QuerySet[Task]:
    """A section's tasks, most urgent case first, with the columns of the case they show."""
    return (
        _open_tasks(user, section)
        .annotate(
            **{f"case_{name}": F(f"process__case__{name}") for name in CASE_FIELDS},
            **{
                f"organisation_{name}": F(f"process__case__organisation__{name}")
                for name in ORGANISATION_FIELDS
            },
            case_unread=unread(user, prefix="process__case__"),
        )
        .order_by(
            "process__case__urgency",
            F("process__case__next_deadline").asc(nulls_last=True),
            "created",
            "pk",
        )
    )


def rows_of(tasks) -> list[InboxRow]:
    """Each task with its case (and the case's organisation) as the query read them."""
    rows = []
    for task in tasks:
        case = Case.from_db(
            Case.objects.db, CASE_COLUMNS, [getattr(task, f"case_{n}") for n in CASE_COLUMNS]
        )
        case.organisation = Organisation.from_db(
            Case.objects.db,
            ORGANISATION_FIELDS,
            [getattr(task, f"organisation_{n}") for n in ORGANISATION_FIELDS],
        )
        case.unread = task.case_unread
        rows.append(InboxRow(task, case))
    return rows


def section_totals(user: User, sections: tuple[str, ...] = SECTIONS) -> dict[str, int]:
    """How many tasks each section holds, up to COUNT_CAP + 1 (read "1,000+"), in one query."""
    return count_each(
        {
            section: _open_tasks(user, section).order_by().values("pk")[: COUNT_CAP + 1]
            for section in sections
        }
    )


class Section(list):
    """The first SECTION_ROWS rows of an inbox section, and how many tasks it holds in all."""

    def __init__(self, rows: list[InboxRow], total: int):
        super().__init__(rows)
        self.total = total

    @property
    def more(self) -> bool:
        return self.total > len(self)

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


class SectionPage(Section):
    """One page of a section, SECTION_ROWS rows from page `number` on, as includes/pager.html
    reads a page. Its pages are not counted: the council's queue of 12,000 tasks took 30 ms to
    count, for a "page 2 of 253" nobody needs; "next" shows while rows remain, and the heading
    gives the section's total up to COUNT_CAP."""

    paginator = None  # no "of N pages"

    def __init__(self, rows: list[InboxRow], total: int, *, number: int, has_next: bool):
        super().__init__(rows, total)
        self.number = number
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def section_page(user: User, section: str, number: int) -> SectionPage:
    """Page `number` (from 1) of a section; past its last task, an empty page."""
    start = (number - 1) * SECTION_ROWS
    # One row more than the page shows: whether a next page exists, without counting them all.
    rows = rows_of(section_tasks(user, section)[start : start + SECTION_ROWS + 1])
    return SectionPage(
        rows[:SECTION_ROWS],
        section_totals(user, (section,))[section],
        number=number,
        has_next=len(rows) > SECTION_ROWS,
    )


def inbox(user: User) -> tuple[Section, Section]:
    """(tasks assigned to the user, unassigned tasks the user may claim), most urgent first."""
    totals = section_totals(user)
    mine, queue = (
        Section(rows_of(section_tasks(user, section)[:SECTION_ROWS]), totals[section])
        for section in SECTIONS
    )
    return mine, queue
