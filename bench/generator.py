"""Bulk test data: years of case history for benchmarks and for query-count tests.

The rows are those the services write for each case (casework.cases.services, flows.services):
the case, its people, its removal, its deadline rows, its history, guardian's direct-FK group
object permissions (view and change for the organisation's group, the odd named share; an
agency gets no grant, only disclosures) and the viewflow process with its tasks. They are
written with bulk_create, a batch at a time, because going through the services costs about
50 queries a case. Organisations and accounts, a few hundred, do go through the services.

Deterministic for a given seed. Case sizes follow a long tail: a few large organisations hold
thousands of cases each, most hold a few hundred.
"""

import contextlib
import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

from casework.accounts.models import Agency, Organisation, Role, User
from casework.accounts.services import organisation_create, user_create
from casework.cases.identifiers import person_match_key
from casework.cases.labels import principal_name
from casework.cases.models import (
    FAMILY_KINDS,
    REMOVAL_KINDS,
    TERMINAL,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    DeadlineKind,
    Kind,
    Outcome,
    Person,
    ReferenceSequence,
    Removal,
    Status,
    Urgency,
)
from casework.cases.search import search_text
from flows.lifecycle import COUNCIL
from flows.registry import FLOWS

# Years of history: most cases are finished, a minority still moves.
STATUS_WEIGHTS = {
    Status.DRAFT: 3,
    Status.SUBMITTED: 5,
    Status.IN_REVIEW: 8,
    Status.INFO_REQUESTED: 4,
    Status.ACCEPTED: 3,
    Status.ESCALATED: 10,
    Status.RESPONDED: 5,
    Status.DECLINED: 15,
    Status.CLOSED: 40,
    Status.WITHDRAWN: 7,
}
KIND_WEIGHTS = {
    Kind.FAMILY_REUNIFICATION: 35,
    Kind.SEPARATED_CHILD: 15,
    Kind.REMOVAL_DEFERRAL: 40,
    Kind.BORDER_INTERVENTION: 10,
}
URGENCY_WEIGHTS = {Urgency.CRITICAL: 3, Urgency.HIGH: 10, Urgency.MEDIUM: 25, Urgency.ROUTINE: 62}

# The transitions that lead to each status, in order (the history the services would write).
ROUTE = {
    Status.DRAFT: [],
    Status.SUBMITTED: ["submit"],
    Status.IN_REVIEW: ["submit", "start_review"],
    Status.INFO_REQUESTED: ["submit", "start_review", "request_info"],
    Status.DECLINED: ["submit", "start_review", "decline"],
    Status.ACCEPTED: ["submit", "start_review", "accept"],
    Status.ESCALATED: ["submit", "start_review", "accept", "escalate"],
    Status.RESPONDED: ["submit", "start_review", "accept", "escalate", "record_response"],
    Status.CLOSED: ["submit", "start_review", "accept", "escalate", "record_response", "close"],
    Status.WITHDRAWN: ["submit", "withdraw"],
}
ESCALATED_STATES = {Status.ESCALATED, Status.RESPONDED, Status.CLOSED}
# The open task of a case waiting in each state (flows/lifecycle.py), and who holds it.
OPEN_TASK = {
    Status.SUBMITTED: "triage",
    Status.IN_REVIEW: "review",
    Status.INFO_REQUESTED: "provide_information",
    Status.ACCEPTED: "prepare_escalation",
    Status.ESCALATED: "await_response",
    Status.RESPONDED: "record_outcome",
}

FAMILY_NAMES = (
    "Haddad", "Nguyen", "Tremblay", "Mbeki", "Okafor", "Rahimi", "Hussein", "Mohamud", "Gagnon",
    "Ali", "Khan", "Singh", "Diallo", "Traoré", "Abebe", "Tesfaye", "Kamara", "Yilmaz", "Osei",
    "Mensah", "Hakimi", "Noori", "Karimi", "Saleh", "Nasser", "Ibrahim", "Bouchard", "Roy",
    "Mukamana", "Niyonzima", "Uwimana", "Habimana", "Alvarez", "Ramírez", "López", "Morales",
    "Castillo", "Hernández", "Pérez", "Baptiste", "Joseph", "Pierre", "Jean-Louis", "Chen",
    "Wang", "Tran", "Pham", "Sharma", "Perera", "Fernando", "Ahmadi", "Sultani", "Ayoub",
)  # fmt: skip
GIVEN_NAMES = (
    "Amina", "Omar", "Yara", "Lina", "Karim", "Nour", "Fatima", "Hassan", "Mariam", "Ahmed",
    "Grace", "Samuel", "Esther", "Daniel", "Aisha", "Ibrahim", "Sofia", "Mateo", "Lucía",
    "José", "Marie", "Jean", "Thanh", "Linh", "Priya", "Ravi", "Zainab", "Yusuf", "Hawa",
    "Moussa", "Chantal", "Emmanuel", "Ana", "Carlos", "Mei", "Wei", "Tigist", "Dawit",
)  # fmt: skip
SYLLABLES = ("ka", "ri", "mo", "sa", "de", "lu", "ne", "ta", "bo", "zi", "ha", "me", "yo", "an")


@dataclass
class World:
    """Who the cases belong to and who acts on them."""

    council_staff: list[User]
    # Each member organisation with the accounts that create its cases.
    members: list[tuple[Organisation, list[User]]]
    agencies: dict[str, Organisation] = field(default_factory=dict)


def build_world(*, organisations: int, password: str | None = None) -> World:
    """The council (a director and three staff), IRCC and CBSA, and member organisations.

    Each member has a caseworker and an org admin. The accounts the benchmark logs in with get
    `password`: bench-director, bench-staff, and bench-caseworker at the largest organisation.
    """
    council = organisation_create(name="Bench council", kind=Organisation.Kind.COUNCIL)
    staff = [
        user_create(
            username="bench-director",
            password=password,
            organisation=council,
            role=Role.POLICY_DIRECTOR,
        ),
        *[
            user_create(
                username="bench-staff" if n == 0 else f"bench-staff-{n}",
                password=password if n == 0 else None,
                organisation=council,
                role=Role.COUNCIL_STAFF,
            )
            for n in range(3)
        ],
    ]
    agencies = {}
    for agency in Agency:
        organisation = organisation_create(
            name=f"Bench {agency.value}", kind=Organisation.Kind.GOVERNMENT, agency=agency
        )
        user_create(
            username=f"bench-{agency.value.lower()}",
            password=None,
            organisation=organisation,
            role=Role.GOVERNMENT_CONTACT,
        )
        agencies[agency.value] = organisation
    provinces = [p for p in Organisation.Province.values]
    members = []
    for n in range(organisations):
        organisation = organisation_create(
            name=f"Bench member {n:04d}", province=provinces[n % len(provinces)]
        )
        caseworker = user_create(
            username="bench-caseworker" if n == 0 else f"bench-caseworker-{n:04d}",
            password=password if n == 0 else None,
            organisation=organisation,
            role=Role.CASEWORKER,
        )
        admin = user_create(
            username=f"bench-admin-{n:04d}",
            password=None,
            organisation=organisation,
            role=Role.ORG_ADMIN,
        )
        members.append((organisation, [caseworker, admin]))
    return World(council_staff=staff, members=members, agencies=agencies)


@contextlib.contextmanager
def _keep_given_timestamps(*models):
    """Let bulk_create keep the created/updated times given, instead of stamping "now"."""
    fields = [f for m in models for f in m._meta.fields if getattr(f, "auto_now_add", False)]
    fields += [f for m in models for f in m._meta.fields if getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Generator:
    def __init__(self, world: World, seed: int):
        self.world = world
        self.rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.view = Permission.objects.get(content_type__app_label="cases", codename="view_case")
        self.change = Permission.objects.get(
            content_type__app_label="cases", codename="change_case"
        )
        self.case_type = ContentType.objects.get_for_model(Case)
        # A long tail: organisation n gets a share proportional to 1/(n+1)^0.8.
        self.org_weights = [1 / (n + 1) ** 0.8 for n in range(len(world.members))]
        self.sequences = {s.year: s.last for s in ReferenceSequence.objects.all()}
        self.counts = Counter()

    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def name(self) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(FAMILY_NAMES)
        syllables = self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))
        return "".join(syllables).capitalize()

    def reference(self, year: int) -> str:
        self.sequences[year] = self.sequences.get(year, 0) + 1
        return f"CCR-{year}-{self.sequences[year]:05d}"

    def case(self, created_at: datetime.datetime) -> Case:
        rng = self.rng
        organisation, accounts = rng.choices(self.world.members, weights=self.org_weights)[0]
        status = self.pick(STATUS_WEIGHTS)
        kind = self.pick(KIND_WEIGHTS)
        route = ROUTE[status]
        step = datetime.timedelta(days=rng.uniform(0.5, 20))
        submitted = "submit" in route
        finished = status in TERMINAL
        next_deadline = None
        if not finished and rng.random() < 0.6:
            next_deadline = self.today + datetime.timedelta(days=rng.randint(-10, 180))
        target = ""
        if status in ESCALATED_STATES:
            target = Agency.CBSA if kind in REMOVAL_KINDS else Agency.IRCC
        case = Case(
            reference=self.reference(timezone.localtime(created_at).year),
            kind=kind,
            status=status,
            version=len(route) + 2,
            organisation=organisation,
            created_by=rng.choice(accounts),
            assigned_to=(
                rng.choice(self.world.council_staff)
                if len(route) > 1 and status != Status.WITHDRAWN and rng.random() < 0.7
                else None
            ),
            summary=f"{kind.label}: situation of the family, {rng.randint(1, 6)} people.",
            grounds="Best interests of the child; medical follow-up in Canada.",
            correspondence_language=rng.choice(["en", "en", "fr"]),
            next_deadline=next_deadline,
            deadline=next_deadline if next_deadline and rng.random() < 0.5 else None,
            urgency=self.pick(URGENCY_WEIGHTS),
            escalation_target=target,
            escalation_sent_on=(created_at + 4 * step).date() if target else None,
            outcome=(
                Outcome.WITHDRAWN
                if status == Status.WITHDRAWN
                else rng.choice(list(Outcome.values[:5]))
                if status == Status.CLOSED
                else ""
            ),
            created_at=created_at,
            updated_at=created_at + len(route) * step,
            submitted_at=created_at + step if submitted else None,
            escalated_at=created_at + 4 * step if target else None,
            closed_at=created_at + len(route) * step if finished else None,
        )
        case.route_step = step  # read by the rows that hang off the case
        return case

    def rows_of(self, case: Case) -> dict[str, list]:
        rng = self.rng
        rows = {name: [] for name in ("people", "removals", "deadlines", "events", "perms")}
        rows["user_perms"] = []
        family = self.name()
        kinds = (
            [Person.Role.SPONSOR, Person.Role.EXCLUDED_MEMBER, Person.Role.CHILD]
            if case.kind in FAMILY_KINDS
            else [Person.Role.REMOVAL_SUBJECT, Person.Role.CHILD, Person.Role.OTHER_PARENT]
        )
        for n in range(rng.choice([1, 2, 2, 3, 3, 4])):
            family_name = family if n < 2 else self.name()
            given_names = rng.choice(GIVEN_NAMES)
            born = datetime.date(rng.randint(1960, 2024), rng.randint(1, 12), 1)
            rows["people"].append(
                Person(
                    case=case,
                    role=kinds[min(n, 2)],
                    family_name=family_name,
                    given_names=given_names,
                    date_of_birth=born,
                    uci=f"{rng.randrange(10**7, 10**8)}" if rng.random() < 0.5 else "",
                    # bulk_create skips Person.clean(), which sets the duplicate-detection key.
                    match_key=person_match_key(given_names, family_name, born),
                    created_at=case.created_at,
                )
            )
        case.principal_name = principal_name(case.kind, rows["people"])
        case.search_text = search_text(case, rows["people"], [])
        if case.kind in REMOVAL_KINDS:
            rows["removals"].append(
                Removal(
                    case=case,
                    removal_at=case.created_at + datetime.timedelta(days=rng.randint(3, 90)),
                    location="Toronto Pearson",
                    order_type=Removal.OrderType.DEPORTATION,
                    detained=rng.random() < 0.15,
                )
            )
        if case.next_deadline:
            rows["deadlines"].append(
                CaseDeadline(
                    case=case,
                    kind=DeadlineKind.LEGAL if case.deadline else DeadlineKind.REMOVAL,
                    due_on=case.next_deadline,
                )
            )
        rows["events"].append(CaseEvent(case=case, actor=case.created_by, action="case.created",
                                        at=case.created_at))  # fmt: skip
        status = Status.DRAFT
        for n, name in enumerate(ROUTE[case.status], start=1):
            after = ROUTE_TARGET[name]
            member_acts = name in ("submit", "withdraw")
            rows["events"].append(
                CaseEvent(
                    case=case,
                    actor=case.created_by if member_acts else self.world.council_staff[0],
                    action=f"case.{name}",
                    from_status=status,
                    to_status=after,
                    at=case.created_at + n * case.route_step,
                )
            )
            status = after
        group = case.organisation.group_id
        rows["perms"] += [
            CaseGroupObjectPermission(group_id=group, permission=self.view, content_object=case),
            CaseGroupObjectPermission(group_id=group, permission=self.change, content_object=case),
        ]
        if rng.random() < 0.005:
            _organisation, accounts = rng.choice(self.world.members)
            rows["user_perms"].append(
                CaseUserObjectPermission(
                    user=accounts[-1], permission=self.view, content_object=case
                )
            )
        return rows

    def process_of(self, case: Case) -> Process | None:
        if not case.submitted_at:
            return None
        flow = FLOWS[case.kind]
        return Process(
            flow_class=flow,
            status=PROCESS.DONE if case.status in TERMINAL else PROCESS.NEW,
            created=case.submitted_at,
            finished=case.closed_at,
            artifact_content_type=self.case_type,
            artifact_object_id=case.pk,
        )

    def tasks_of(self, case: Case, process: Process) -> list[Task]:
        """The start, the triage (done once the case moved on), the task waiting now."""
        flow = process.flow_class
        start = case.submitted_at

        def task(node, status, owner=None, permission=None):
            done = status == STATUS.DONE
            return Task(
                process=process,
                flow_task=node,
                flow_task_type=node.task_type,
                status=status,
                token=Token("start"),
                created=start,
                started=start if done else None,
                finished=start + case.route_step if done else None,
                owner=owner,
                owner_permission=permission,
            )

        tasks = [task(flow.start, STATUS.DONE)]
        open_node = OPEN_TASK.get(case.status)
        if open_node != "triage":
            tasks.append(task(flow.triage, STATUS.DONE, self.world.council_staff[0], COUNCIL))
        if open_node == "provide_information":
            tasks.append(task(flow.provide_information, STATUS.ASSIGNED, case.created_by))
        elif open_node == "triage" or (open_node and case.assigned_to is None):
            tasks.append(task(getattr(flow, open_node), STATUS.NEW, None, COUNCIL))
        elif open_node:
            tasks.append(task(getattr(flow, open_node), STATUS.ASSIGNED, case.assigned_to, COUNCIL))
        return tasks

    @transaction.atomic
    def batch(self, created: list[datetime.datetime]) -> None:
        cases = [self.case(moment) for moment in created]
        with _keep_given_timestamps(Case, Person):
            # The rows first: the case keeps its principal person's name, as services do.
            rows = {}
            for case in cases:
                for name, found in self.rows_of(case).items():
                    rows.setdefault(name, []).extend(found)
            Case.objects.bulk_create(cases)
            for name, model in (
                ("people", Person),
                ("removals", Removal),
                ("deadlines", CaseDeadline),
                ("events", CaseEvent),
                ("perms", CaseGroupObjectPermission),
                ("user_perms", CaseUserObjectPermission),
            ):
                model.objects.bulk_create(rows[name], batch_size=2000)
                self.counts[name] += len(rows[name])
        processes = {case.pk: self.process_of(case) for case in cases}
        processes = {pk: process for pk, process in processes.items() if process}
        Process.objects.bulk_create(processes.values(), batch_size=2000)
        tasks = [
            task
            for case in cases
            if case.pk in processes
            for task in self.tasks_of(case, processes[case.pk])
        ]
        Task.objects.bulk_create(tasks, batch_size=2000)
        self.counts["cases"] += len(cases)
        self.counts["processes"] += len(processes)
        self.counts["tasks"] += len(tasks)

    def save_sequences(self) -> None:
        for year, last in self.sequences.items():
            ReferenceSequence.objects.update_or_create(year=year, defaults={"last": last})


ROUTE_TARGET = {
    "submit": Status.SUBMITTED,
    "start_review": Status.IN_REVIEW,
    "request_info": Status.INFO_REQUESTED,
    "decline": Status.DECLINED,
    "accept": Status.ACCEPTED,
    "escalate": Status.ESCALATED,
    "record_response": Status.RESPONDED,
    "close": Status.CLOSED,
    "withdraw": Status.WITHDRAWN,
}


def bulk_cases(
    world: World,
    count: int,
    *,
    seed: int = 7,
    years: float = 6,
    batch_size: int = 5000,
    progress=None,
) -> Counter:
    """Write `count` cases created over the last `years`, oldest first; rows written by kind."""
    generator = _Generator(world, seed)
    span = datetime.timedelta(days=365 * years)
    start = generator.now - span
    moments = sorted(start + generator.rng.random() * span for _ in range(count))
    for first in range(0, count, batch_size):
        generator.batch(moments[first : first + batch_size])
        if progress:
            progress(generator.counts["cases"])
    generator.save_sequences()
    return generator.counts
