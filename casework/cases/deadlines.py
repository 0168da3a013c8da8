"""The deadlines of a case, derived from its facts (../shared/domain/data-model.md).

    removal          the removal date and time (Removal.removal_at)
    legal            the deadline typed in by hand (Case.deadline, Case.deadline_note)
    prra             PRRA application: notice + 15 days, + 7 more when the notice was mailed
                     (R.160(3): deemed received 7 days after mailing), rolled off a weekend.
                     Applying in time keeps the regulatory stay of removal (R.232).
    judicial_review  leave and judicial review of a refused IRCC or IRB decision: decision
                     received + 15 days, or + 60 days when the matter arose outside Canada
                     (IRPA s.72(2)(b))
    appeal           appeal of a refused family-class sponsorship to the IAD: written reasons
                     received + 30 days (IAD Rules, r.3)
    follow_up        one per escalation (casework.disclosures.models.Escalation), labelled with
                     its agency: while unanswered, the reply expected by, else sent (or followed
                     up) + CASEWORK["FOLLOW_UP_DAYS"] (14); met once a response is recorded; a
                     response's next date is a new one
    age_out          a child of an R.117(9)(d) case turns 22, a separated child 18, within six
                     months, unless the application locked the age in
                     (casework.cases.eligibility)
    pilot_ends       the pilot public policy ends, for an eligible sponsor who has not applied
    detention_review the next detention review hearing: the one set, else the latest day the
                     law allows (IRPA s.57: 48 hours, 7 days, then every 30 days)

`case_deadlines` only reads: services store its result as CaseDeadline rows on every write.
Statutory holidays are not rolled, only weekends: which holidays count depends on the
province and the court, and a per-province calendar is not kept here. This is a known gap, and
it errs on the safe side: the date shown is never later than the real one. Judicial review and
IAD deadlines are not rolled at all, for the same reason.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .facts import DetentionFacts, ExclusionFacts, age_outs, facts_of
from .models import Case, CaseDeadline, DeadlineKind, GovernmentFile, Removal

PRRA_DAYS = 15
PRRA_MAILED_EXTRA_DAYS = 7
JUDICIAL_REVIEW_DAYS_IN_CANADA = 15
JUDICIAL_REVIEW_DAYS_OUTSIDE_CANADA = 60
IAD_APPEAL_DAYS = 30
DEFAULT_FOLLOW_UP_DAYS = 14

FileKind = GovernmentFile.FileKind
# Refused decisions that can be taken to the Federal Court. A refused refugee claim is included:
# a RAD decision (or an RPD one without access to the RAD) goes to judicial review, and an appeal
# of an RPD refusal to the RAD has the same 15 days. A refused sponsorship gets both windows:
# the IAD appeal, and judicial review because a refusal under R.117(9)(d) cannot be relieved on
# humanitarian grounds by the IAD (IRPA s.65; Habtenkiel 2014 FCA 180). Counsel chooses.
JUDICIAL_REVIEW_KINDS = {
    FileKind.HC,
    FileKind.PRRA,
    FileKind.TRP,
    FileKind.REFUGEE_CLAIM,
    FileKind.APPEAL,
    FileKind.SPONSORSHIP,
}
JUDICIAL_REVIEW_AGENCIES = {GovernmentFile.Agency.IRCC, GovernmentFile.Agency.IRB}
IAD_APPEAL_KINDS = {FileKind.SPONSORSHIP}


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: datetime.date | datetime.datetime  # a datetime (aware) only for a removal
    met: bool = False
    detail: str = ""

    @property
    def label(self) -> str:
        return DeadlineKind(self.kind).label

    @property
    def due_at(self) -> datetime.datetime | None:
        return self.due if isinstance(self.due, datetime.datetime) else None

    @property
    def due_on(self) -> datetime.date:
        """The day, in the council's time zone whoever runs the computation."""
        if isinstance(self.due, datetime.datetime):
            return timezone.localtime(self.due, timezone.get_default_timezone()).date()
        return self.due

    def as_row(self, case: Case) -> CaseDeadline:
        return CaseDeadline(
            case=case,
            kind=self.kind,
            due_on=self.due_on,
            due_at=self.due_at,
            met=self.met,
            detail=self.detail[:200],
        )


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after when it falls on a weekend (holidays: see above)."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def prra_deadline(notified_on: datetime.date, *, mailed: bool) -> datetime.date:
    days = PRRA_DAYS + (PRRA_MAILED_EXTRA_DAYS if mailed else 0)
    return next_working_day(notified_on + datetime.timedelta(days=days))


def _filed_since(files: list[GovernmentFile], kind: str, since: datetime.date) -> bool:
    # Only a filing on or after the day the window opened meets it: an earlier PRRA or judicial
    # review belongs to an earlier decision.
    return any(f.kind == kind and f.submitted_on and f.submitted_on >= since for f in files)


def _file_name(file: GovernmentFile) -> str:
    return f"{file.agency} {file.number}"


def case_deadlines(
    case: Case,
    *,
    removal: Removal | None = None,
    government_files: Iterable[GovernmentFile] | None = None,
    follow_up_days: int | None = None,
    escalations: Iterable | None = None,
) -> list[Deadline]:
    """Every deadline of the case, soonest first; none once the case is finished.

    Reads the case's removal, government files and escalations (with their responses) unless
    they are given. Changes nothing.
    """
    if case.is_terminal:
        return []
    if removal is None and case.is_removal:
        removal = getattr(case, "removal", None)
    files = list(case.government_files.all() if government_files is None else government_files)
    if follow_up_days is None:
        follow_up_days = settings.CASEWORK.get("FOLLOW_UP_DAYS", DEFAULT_FOLLOW_UP_DAYS)

    found = []
    if case.is_removal and removal is not None:
        if removal.removal_at is not None:
            found.append(Deadline(DeadlineKind.REMOVAL, removal.removal_at))
        if removal.prra_notified_on is not None:
            found.append(
                Deadline(
                    DeadlineKind.PRRA,
                    prra_deadline(
                        removal.prra_notified_on,
                        mailed=removal.prra_notice_mode == Removal.NoticeMode.MAIL,
                    ),
                    met=_filed_since(files, FileKind.PRRA, removal.prra_notified_on),
                )
            )
    if case.deadline is not None:
        found.append(Deadline(DeadlineKind.LEGAL, case.deadline, detail=case.deadline_note))
    for file in files:
        if file.decision != GovernmentFile.Decision.REFUSED or file.notified_on is None:
            continue
        received = file.notified_on
        if file.kind in JUDICIAL_REVIEW_KINDS and file.agency in JUDICIAL_REVIEW_AGENCIES:
            days = (
                JUDICIAL_REVIEW_DAYS_OUTSIDE_CANADA
                if file.decided_outside_canada
                else JUDICIAL_REVIEW_DAYS_IN_CANADA
            )
            found.append(
                Deadline(
                    DeadlineKind.JUDICIAL_REVIEW,
                    received + datetime.timedelta(days=days),
                    met=_filed_since(files, FileKind.JUDICIAL_REVIEW, received),
                    detail=_file_name(file),
                )
            )
        if file.kind in IAD_APPEAL_KINDS:
            found.append(
                Deadline(
                    DeadlineKind.APPEAL,
                    received + datetime.timedelta(days=IAD_APPEAL_DAYS),
                    met=_filed_since(files, FileKind.APPEAL, received),
                    detail=_file_name(file),
                )
            )
    if escalations is None:
        # A case never escalated has no escalation to read (every one starts with `escalate`).
        escalations = case.escalations.prefetch_related("responses") if case.escalated_at else ()
    found.extend(
        follow_up
        for escalation in escalations
        if (follow_up := _follow_up(escalation, follow_up_days)) is not None
    )
    found.extend(_from_facts(case))
    return sorted(found, key=lambda deadline: (deadline.due_on, deadline.due_at is not None))


def _follow_up(escalation, days: int) -> Deadline | None:
    """When to chase the agency about one escalation: while it waits, the reply expected by,
    else sent (or followed up) + `days`; met once the agency answers, unless the answer set a
    next date, which is the new deadline. None once the escalation is closed."""
    state = escalation.State
    if escalation.state == state.CLOSED:
        return None
    if escalation.followed_up_on is not None:
        # A new round after an answer: the clock restarts from the follow-up.
        due = max(escalation.sent_on, escalation.followed_up_on) + datetime.timedelta(days=days)
    else:
        due = escalation.reply_expected_on or escalation.sent_on + datetime.timedelta(days=days)
    met = False
    if escalation.state == state.ANSWERED:
        responses = list(escalation.responses.all())
        next_date = responses[-1].next_date if responses else None
        due, met = (next_date, False) if next_date else (due, True)
    # The agency's code, not its (translated) name: rows outlive the writer's language.
    return Deadline(DeadlineKind.FOLLOW_UP, due, met=met, detail=escalation.agency)


def _from_facts(case: Case) -> list[Deadline]:
    """Age-outs and the pilot's end, from the facts of the case's kind and its people."""
    today = timezone.localdate()
    facts = facts_of(case)
    # An age-out becomes a deadline once it is within six months; the case page shows every
    # child's age-out date whenever it is.
    found = [
        Deadline(DeadlineKind.AGE_OUT, result.ages_out_on)
        for _person, result in age_outs(case, case.people.all(), facts, today=today)
        if result.within(today)
    ]
    if isinstance(facts, ExclusionFacts) and facts.applied_on is None:
        pilot = facts.pilot(today)
        if pilot.eligible:
            found.append(Deadline(DeadlineKind.PILOT_ENDS, pilot.ends_on))
    if isinstance(facts, DetentionFacts) and (review := facts.next_review(today)):
        found.append(Deadline(DeadlineKind.DETENTION_REVIEW, review, detail=facts.facility))
    return found


def next_deadline(deadlines: Iterable[Deadline]) -> datetime.date | None:
    """The day of the earliest deadline not yet met."""
    return min((d.due_on for d in deadlines if not d.met), default=None)
