"""The shape of the demo data: plain frozen dataclasses that loader.py writes through the services.

Choice fields are the models' stored values ("family_reunification", "sponsor", "IRCC"...): the
services validate them as they would a form's. Dates are never absolute: a demo loaded today
must show a removal in 40 hours, a teenager about to turn 18 and a consent signed last week,
so every date is a `Relative` value that the loader turns into a real one when it runs.
"""

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from django.utils import timezone

# --- Dates and numbers relative to the moment the demo runs ---------------------------------


class Relative(ABC):
    @abstractmethod
    def on(self, now: datetime.datetime) -> datetime.date | datetime.datetime | str:
        """The real value when the demo runs at `now`."""


@dataclass(frozen=True)
class Day(Relative):
    """A date `offset` days after the run's date: Day(-5) is five days ago, Day(0) today."""

    offset: int

    def on(self, now: datetime.datetime) -> datetime.date:
        return timezone.localdate(now) + datetime.timedelta(days=self.offset)


@dataclass(frozen=True)
class Born(Relative):
    """A full date of birth: the person is `years` years and `months` months old today."""

    years: int
    months: int = 0
    precision: ClassVar[str] = "day"

    def on(self, now: datetime.datetime) -> datetime.date:
        today = timezone.localdate(now)
        month_index = today.year * 12 + today.month - 1 - self.years * 12 - self.months
        # Day 28 at most: every month has it, so the age never depends on the month's length.
        return datetime.date(month_index // 12, month_index % 12 + 1, min(today.day, 28))


@dataclass(frozen=True)
class BornInYear(Relative):
    """Only the year of birth is known (common for relatives abroad): `years_ago` years."""

    years_ago: int
    precision: ClassVar[str] = "year"

    def on(self, now: datetime.datetime) -> datetime.date:
        return datetime.date(timezone.localdate(now).year - self.years_ago, 1, 1)


@dataclass(frozen=True)
class FromNow(Relative):
    """A moment after the run: a removal in FromNow(hours=40) is critical whenever you look."""

    days: int = 0
    hours: int = 0

    def on(self, now: datetime.datetime) -> datetime.datetime:
        return now + datetime.timedelta(days=self.days, hours=self.hours)


@dataclass(frozen=True)
class NextYearAt(Relative):
    """A local date and time next year, e.g. a removal deferred to the end of the school year."""

    month: int
    day: int
    hour: int

    def on(self, now: datetime.datetime) -> datetime.datetime:
        year = timezone.localdate(now).year + 1
        return timezone.make_aware(datetime.datetime(year, self.month, self.day, self.hour, 0))


@dataclass(frozen=True)
class FileNumber(Relative):
    """A file number that carries the year it was opened: `template` may hold {year} and {yy}.

    FileNumber("IMM-2210-{yy}", years_ago=1) is a Federal Court docket of last year.
    """

    template: str
    years_ago: int = 0

    def on(self, now: datetime.datetime) -> str:
        year = timezone.localdate(now).year - self.years_ago
        return self.template.format(year=year, yy=f"{year % 100:02d}")


# --- Organisations and accounts -------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str  # council, member or government
    province: str
    works_in_english: bool
    works_in_french: bool
    agency: str = ""  # IRCC or CBSA, for a government organisation
    name_fr: str = ""  # when its French name differs
    region: str = ""
    services: str = ""
    clientele: str = ""


@dataclass(frozen=True)
class Application:
    """A member organisation's application, waiting for the council (manage.py demo)."""

    name: str
    province: str
    region: str
    email: str
    applicant_name: str
    applicant_email: str
    services: str
    clientele: str
    works_in_english: bool
    works_in_french: bool
    name_fr: str = ""


@dataclass(frozen=True)
class Invitation:
    """An invitation not yet accepted: `manage.py demo` prints its link for the operator."""

    by: "Account"
    email: str
    role: str
    language: str


@dataclass(frozen=True)
class Account:
    """A demo login; every one has the same password (organisations.PASSWORD)."""

    username: str
    organisation: Organisation
    role: str
    first_name: str
    last_name: str
    language: str
    what_to_try: str  # printed by `manage.py demo` beside the login

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


# --- Cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    role: str
    family_name: str
    given_names: str
    born: Born | BornInYear
    citizenship: str
    uci: str = ""
    relationship: str = ""


@dataclass(frozen=True)
class GovernmentFile:
    agency: str
    kind: str
    number: str | FileNumber
    person: str  # the given names of one of the story's people: the file is theirs
    submitted_on: Day | None = None
    decided_on: Day | None = None


@dataclass(frozen=True)
class Consent:
    person: str  # the given names of the story's person the consent is for
    signed_by: str
    signer_name: str
    signed_on: Day
    instrument: str = "council_form"
    covers_ircc: bool = False
    covers_cbsa: bool = False


@dataclass(frozen=True)
class Removal:
    location: str
    destination: str
    order_type: str
    cbsa_office: str
    removal_at: FromNow | NextYearAt | None = None  # None: no date set yet
    detained: bool = False
    detention_facility: str = ""


@dataclass(frozen=True)
class Facts:
    """The facts of the story's kind (casework.cases.facts), as services.case_facts_update
    takes them; a value may be Relative (a Day). Pairs, not a dict: a story stays hashable."""

    values: tuple[tuple[str, object], ...]

    def on(self, now: datetime.datetime) -> dict:
        return {
            name: value.on(now) if isinstance(value, Relative) else value
            for name, value in self.values
        }


@dataclass(frozen=True)
class Step:
    """A lifecycle transition, taken as a person would take it in the web UI (same service).

    `by` None means the usual actor: the story's caseworker submits and resubmits, the policy
    director takes every other step. The fields after it are the transition's own inputs, set
    only on the transitions that take them.
    """

    transition: str
    comment: str = ""
    by: Account | None = None
    target: str | None = None  # escalate: IRCC or CBSA
    sent_on: Day | None = None  # escalate
    government_reference: FileNumber | None = None  # escalate
    received_on: Day | None = None  # record_response
    response: str | None = None  # record_response
    outcome: str | None = None  # close


@dataclass(frozen=True)
class AskAnotherAgency:
    """Council staff escalate the case to a second agency too (from the case's ledger)."""

    agency: str
    requested_action: str
    sent_on: Day
    by: Account


@dataclass(frozen=True)
class Response:
    """An agency answers one of the case's escalations; `by` its contact (on the portal) or
    council staff."""

    agency: str
    received_on: Day
    decision: str
    summary: str
    by: Account
    channel: str = "portal"
    officer: str = ""
    reference: str = ""
    next_date: Day | None = None


@dataclass(frozen=True)
class Document:
    """A PDF the story's caseworker attaches: `title` and `body` are its printed text."""

    kind: str
    name: str
    title: str
    body: str


@dataclass(frozen=True)
class Package:
    """After the stories are loaded (a briefing is rendered outside their transaction): the
    council discloses to `agency` a briefing version with every document of the story, as one
    package with the documents as annexes."""

    agency: str
    by: Account


@dataclass(frozen=True)
class Note:
    by: Account
    body: str
    internal: bool = False  # council staff only


@dataclass(frozen=True)
class Assign:
    """Council staff hand the case to a colleague."""

    to: Account
    by: Account


@dataclass(frozen=True)
class Story:
    """One demo case: who opened it, what it is about, and what happened to it, in order.

    The references (CCR-<year>-00001...) follow the order of stories.STORIES.
    """

    opened_by: Account
    kind: str
    summary: str
    grounds: str = ""
    requested_action: str = ""
    correspondence_language: str = "en"
    deadline: Day | None = None
    deadline_note: str = ""
    removal: Removal | None = None
    facts: Facts | None = None
    people: tuple[Person, ...] = ()
    government_files: tuple[GovernmentFile, ...] = ()
    consents: tuple[Consent, ...] = ()
    history: tuple[Step | Note | Assign | AskAnotherAgency | Response, ...] = ()
    documents: tuple[Document, ...] = ()
    packages: tuple[Package, ...] = ()

    def __post_init__(self) -> None:
        # Files and consents name their person: a typo must fail on import, not file a consent
        # under the wrong person.
        names = [person.given_names for person in self.people]
        if len(set(names)) != len(names):
            raise ValueError(f"two people share given names in a story: {names}")
        for item in (*self.government_files, *self.consents):
            if item.person not in names:
                raise ValueError(f"{item.person!r} is none of the story's people: {names}")


# The council's triage, which most stories go through before what makes them interesting.
REVIEWED = (Step("submit"), Step("start_review"))
ACCEPTED = (*REVIEWED, Step("accept"))
