"""Every write to a case. Keyword-only, atomic, and each one leaves a CaseEvent behind.

Views, the API and flows call these and nothing else to change data. Each service names the
fields it accepts: creations take them as typed keyword arguments, updates take a mapping checked
against an allow-list (a field outside it raises TypeError, whoever the caller). A service
refuses with PermissionDenied when casework.cases.rules says the actor may not act, and with
CaseError (a message for the user) when the request cannot be carried out; in both cases
nothing is written.

Transitions: one service per transition (case_submit, case_escalate, ...), each over the same
core (_start, _finish). What a transition writes, who takes it and whether it needs a reason is
declared once, next to the transition (casework.cases.models.Case).
"""

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import Transition, can_proceed
from guardian.shortcuts import assign_perm, remove_perm

from casework.accounts.models import Agency, User
from casework.audit.models import Action
from casework.audit.services import audit_record
from casework.briefings.models import Briefing
from casework.disclosures import rules as disclosure_rules
from casework.disclosures import services as disclosures
from casework.disclosures.models import Escalation, GovernmentResponse
from casework.disclosures.services import DisclosureError, disclosure_create
from casework.inputs import clean_text

from . import rules, uploads
from .deadlines import case_deadlines, next_deadline
from .facts import facts_fields, facts_model, facts_of
from .history import record
from .identifiers import normalise_file_number
from .labels import principal_name
from .models import (
    LEGAL_DEADLINE_KINDS,
    NON_TERMINAL,
    WARNING_DEADLINE_DAYS,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseLink,
    CaseRead,
    Consent,
    DatePrecision,
    Document,
    DuplicateFlag,
    GovernmentFile,
    Language,
    Note,
    Person,
    ReferenceSequence,
    Reminder,
    Removal,
    SavedFilter,
    Status,
    case_transitions,
)
from .search import search_text
from .selectors import consent_covers
from .signals import case_transitioned, message_sent
from .storage import STORAGE_ERRORS, STORE_FAILED
from .urgency import compute_urgency, effective_urgency

# What each update service may change.
CASE_DETAILS = (
    "title", "summary", "grounds", "requested_action", "correspondence_language", "deadline",
    "deadline_note",
)  # fmt: skip
REMOVAL_DETAILS = (
    "removal_at", "location", "destination", "order_type", "detained", "detention_facility",
    "cbsa_office", "prra_notified_on", "prra_notice_mode",
)  # fmt: skip
PERSON_DETAILS = (
    "role", "family_name", "given_names", "date_of_birth", "date_of_birth_precision",
    "citizenship", "uci", "relationship",
)  # fmt: skip


class CaseError(Exception):
    """A request that cannot be carried out; the message is shown to the user."""


# Why a suspended member's case cannot go to the council (rules.may_submit).
NOT_A_MEMBER_NOW = gettext_lazy(
    "Your organisation's membership of the council is suspended: its cases stay readable, but "
    "none can be created or sent to the council until the council reactivates it."
)


class StaleCase(CaseError):
    pass


def _apply(
    instance: models.Model, *, allowed: Collection[str], data: Mapping[str, Any], service: str
) -> list[str]:
    """Set the allowed fields from `data` on `instance`; return the names whose value changed.

    A name outside `allowed` is refused outright: a service never writes a field it does not
    name, whatever a form, the API or a script hands it.
    """
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise TypeError(f"{service} does not accept {', '.join(refused)}")
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, data[name])
    return changed


def _next_reference(year: int) -> str:
    sequence, _created = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"CCR-{year}-{sequence.last:05d}"


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleCase(
            _(
                "Someone else changed case %(reference)s while you were looking at it. "
                "Nothing was saved: review the case as it is now and try again."
            )
            % {"reference": locked.reference}
        )
    return locked


def _save(case: Case, fields: list[str]) -> None:
    """Bump the version, refresh deadlines and urgency and save only what changed."""
    case.version += 1
    _refresh_derived(case)
    case.save(update_fields=[*fields, "version", *DERIVED_FIELDS, "updated_at"])


# What _refresh_derived sets from the facts.
DERIVED_FIELDS = ("urgency", "next_deadline", "principal_name", "search_text")


def _refresh_derived(case: Case) -> None:
    """Recompute what follows from the facts: deadlines, the next one, urgency, the label.

    Replaces the case's CaseDeadline rows, in the caller's transaction, and sets
    DERIVED_FIELDS on the instance for the caller to save. Urgency comes last: a legal deadline
    within 5 days raises it.
    """
    people = list(case.people.all())
    files = list(case.government_files.all())
    case.principal_name = principal_name(case.kind, people)
    case.search_text = search_text(case, people, files)
    deadlines = case_deadlines(case, government_files=files)
    CaseDeadline.objects.filter(case=case).delete()
    CaseDeadline.objects.bulk_create([deadline.as_row(case) for deadline in deadlines])
    case.next_deadline = next_deadline(deadlines)
    case.urgency = effective_urgency(case, now=timezone.now(), deadlines=deadlines)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _full_clean(instance, exclude=None, *, validate_unique: bool = True) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from error


@transaction.atomic
def case_create(
    *,
    actor: User,
    kind: str,
    summary: str,
    title: str = "",
    grounds: str = "",
    requested_action: str = "",
    correspondence_language: str = Language.EN,
    deadline: datetime.date | None = None,
    deadline_note: str = "",
    removal: Mapping[str, Any] | None = None,
) -> Case:
    """A draft case of the actor's organisation; `removal`: REMOVAL_DETAILS of a removal case."""
    if actor.organisation is not None and actor.organisation.is_suspended:
        raise CaseError(str(NOT_A_MEMBER_NOW))
    _require(rules.can_create_case(actor))
    case = Case(
        kind=kind,
        title=title,
        summary=summary,
        grounds=grounds,
        requested_action=requested_action,
        correspondence_language=correspondence_language,
        deadline=deadline,
        deadline_note=deadline_note,
        organisation=actor.organisation,
        created_by=actor,
        reference=_next_reference(timezone.localdate().year),
    )
    _full_clean(case, exclude=["status"])
    case.save()
    if removal is not None and case.is_removal:
        _removal_save(case, removal)
    _refresh_derived(case)
    case.save(update_fields=list(DERIVED_FIELDS))
    for permission in ("view_case", "change_case"):
        assign_perm(f"cases.{permission}", case.organisation.group, case)
    record(case=case, actor=actor, action="case.created")
    return case


def _removal_save(case: Case, data: Mapping[str, Any]) -> bool:
    """Create or update the case's removal details; True when something changed."""
    removal = getattr(case, "removal", None) or Removal(case=case)
    changed = _apply(
        removal, allowed=REMOVAL_DETAILS, data=data, service="case_update() (removal details)"
    )
    if removal.pk is not None and not changed:
        return False
    _full_clean(removal, exclude=["case"])
    removal.save()
    case.removal = removal
    return True


@transaction.atomic
def case_update(
    *, case: Case, actor: User, expected_version: int | None, data: Mapping[str, Any]
) -> Case:
    """Change the CASE_DETAILS in `data`; its "removal" key, the removal's REMOVAL_DETAILS."""
    case = _lock(case, expected_version)
    _require(rules.can_edit_details(actor, case))
    data = dict(data)
    removal = data.pop("removal", None)
    changed = _apply(case, allowed=CASE_DETAILS, data=data, service="case_update()")
    _full_clean(case, exclude=["status"])
    removal_changed = removal is not None and case.is_removal and _removal_save(case, removal)
    _save(case, changed)
    record(
        case=case,
        actor=actor,
        action="case.edited",
        fields=[*changed, *(["removal"] if removal_changed else [])],
    )
    return case


@transaction.atomic
def case_facts_update(
    *, case: Case, actor: User, expected_version: int | None, data: Mapping[str, Any]
) -> Case:
    """Record the facts of the case's kind (casework.cases.facts): exactly the fields
    `facts_fields(case.kind)` names; anything else raises TypeError. Deadlines and urgency
    follow from them (_save)."""
    case = _lock(case, expected_version)
    _require(rules.can_edit_details(actor, case))
    facts = facts_of(case) or facts_model(case.kind)(case=case)
    changed = _apply(
        facts, allowed=facts_fields(case.kind), data=data, service="case_facts_update()"
    )
    if facts.pk is not None and not changed:
        return case
    _full_clean(facts, exclude=["case"])
    facts.save()
    _save(case, [])
    record(case=case, actor=actor, action="case.facts_edited", fields=changed)
    return case


def case_delete_draft(*, case: Case, actor: User, expected_version: int | None) -> str:
    """Delete a draft and all it holds; return its reference.

    A draft was never submitted: the council never saw it, no flow or briefing refers to it.
    The audit log keeps that it existed and who deleted it (by reference); its files leave
    storage once the deletion has committed.
    """
    case = _lock(case, expected_version)
    _require(rules.can_delete_draft(actor, case))
    files = [document.file for document in case.documents.all()]
    audit_record(action=Action.CASE_DRAFT_DELETED, actor=actor, case=case)
    # History lines are otherwise immutable; a draft's go with it (the audit entry stays).
    CaseEvent.objects.filter(case=case).delete()
    reference = case.reference
    case.delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return reference


# Transitions: one service each, over _start and _finish.


@dataclass
class _Step:
    """A transition under way, inside its service's transaction."""

    case: Case
    actor: User
    transition: Transition
    from_status: str
    comment: str


def _start(
    *,
    case: Case,
    actor: User,
    name: str,
    expected_version: int | None,
    comment: str,
    allowed: bool | None = None,
) -> _Step:
    """Lock the case and check that the transition may be taken now, by this actor, as asked.

    `allowed`: the caller's own permission decision, for a transition an agency's contact
    causes (a response recorded on the portal); else casework.cases.rules decides."""
    transition = case_transitions()[name]
    case = _lock(case, expected_version)
    method = getattr(case, name)
    not_now = _("This action is not possible while the case is “%(status)s”.") % {
        "status": case.get_status_display()
    }
    if not can_proceed(method, check_conditions=False):
        raise CaseError(not_now)
    if name in rules.SUBMISSIONS and case.organisation.is_suspended:
        raise CaseError(str(NOT_A_MEMBER_NOW))
    _require(rules.can_take(actor, case, transition) if allowed is None else allowed)
    # Conditions may read the urgency (an urgent removal skips review): as of now.
    case.urgency = effective_urgency(case, now=timezone.now())
    if not can_proceed(method):
        problems = case.submission_problems() if name in ("submit", "resubmit") else []
        raise CaseError(" ".join(str(p) for p in problems) or not_now)
    comment = comment.strip()
    if transition.custom["reason_required"] and not comment:
        raise CaseError(_("Give a reason: it is kept in the case history."))
    return _Step(case, actor, transition, case.status, comment)


def _finish(step: _Step, *, also_writes: tuple[str, ...] = (), **data) -> Case:
    """After the transition method ran: check and save what it wrote, record it, move the flow
    on. The check is the models' own (casework.inputs: no invisible characters, dates in
    bounds), whoever called: a form, the API or a script."""
    case = step.case
    _full_clean(case, exclude=["status"], validate_unique=False)
    if case.is_terminal:
        disclosures.escalations_close(case=case)
    _save(case, ["status", *step.transition.custom["writes"], *also_writes])
    record(
        case=case,
        actor=step.actor,
        action=f"case.{step.transition.name}",
        comment=step.comment,
        from_status=step.from_status,
        to_status=case.status,
        **data,
    )
    case_transitioned.send(
        sender=Case,
        case=case,
        name=step.transition.name,
        actor=step.actor,
        from_status=step.from_status,
    )
    return case


def _plain(name: str, case: Case, actor: User, expected_version: int | None, comment: str) -> Case:
    """A transition that writes nothing but what its method sets."""
    step = _start(
        case=case, actor=actor, name=name, expected_version=expected_version, comment=comment
    )
    getattr(step.case, name)()
    return _finish(step)


@transaction.atomic
def case_submit(
    *, case: Case, actor: User, expected_version: int | None, comment: str = ""
) -> Case:
    case = _plain("submit", case, actor, expected_version, comment)
    # The council sees the case from now on: compare the people added while it was a draft.
    for person in case.people.all():
        _flag_duplicates(person, actor)
    return case


@transaction.atomic
def case_start_review(
    *, case: Case, actor: User, expected_version: int | None, comment: str = ""
) -> Case:
    step = _start(
        case=case,
        actor=actor,
        name="start_review",
        expected_version=expected_version,
        comment=comment,
    )
    step.case.start_review()
    if step.case.assigned_to_id is not None:
        return _finish(step)
    # Whoever starts the review owns the case until someone reassigns it.
    step.case.assigned_to = actor
    return _finish(step, also_writes=("assigned_to",))


def _refuse_if_held_by_another(locked: Case, actor: User) -> None:
    """Someone else holds the (locked) case: say who, change nothing."""
    if locked.assigned_to_id is not None and locked.assigned_to_id != actor.pk:
        raise CaseError(
            _("%(name)s took case %(reference)s first. Nothing was changed.")
            % {"name": locked.assigned_to.display_name, "reference": locked.reference}
        )


@transaction.atomic
def case_take(*, case: Case, actor: User) -> Case:
    """Take a new submission from the council's queue: assigned to the actor and its review
    started, in one step (case_start_review, which moves the flow's triage task on).

    If someone else took it first (it is assigned to them, or no longer waits in the queue),
    CaseError says so and nothing is written: the row lock serialises two people taking the
    same case at once, and the second one reads what the first did.
    """
    _require(rules.can_triage(actor))
    locked = _lock(case, None)
    if not rules.can_take_from_queue(actor, locked):
        _refuse_if_held_by_another(locked, actor)
        raise CaseError(
            _("Case %(reference)s no longer waits in the queue: it is “%(status)s”.")
            % {"reference": locked.reference, "status": locked.get_status_display()}
        )
    return case_start_review(case=locked, actor=actor, expected_version=locked.version)


@transaction.atomic
def case_request_info(
    *, case: Case, actor: User, expected_version: int | None, comment: str
) -> Case:
    """`comment`: what the council needs; the member reads it."""
    return _plain("request_info", case, actor, expected_version, comment)


@transaction.atomic
def case_resubmit(
    *, case: Case, actor: User, expected_version: int | None, comment: str = ""
) -> Case:
    return _plain("resubmit", case, actor, expected_version, comment)


@transaction.atomic
def case_accept(
    *, case: Case, actor: User, expected_version: int | None, comment: str = ""
) -> Case:
    return _plain("accept", case, actor, expected_version, comment)


@transaction.atomic
def case_decline(*, case: Case, actor: User, expected_version: int | None, comment: str) -> Case:
    """`comment`: why the council declines; kept in the history."""
    return _plain("decline", case, actor, expected_version, comment)


@transaction.atomic
def case_escalate(
    *,
    case: Case,
    actor: User,
    expected_version: int | None,
    target: str,
    sent_on: datetime.date,
    government_reference: str = "",
    comment: str = "",
    consent_override_reason: str = "",
    documents: Sequence[Document] = (),
    briefing: Briefing | None = None,
    reply_expected_on: datetime.date | None = None,
) -> Case:
    """Raise the case with IRCC or CBSA, and disclose it to the agency.

    The request is the case's first Escalation record (what is asked: the case's requested
    action), with its own follow-up timer; case_escalation_add asks another agency.

    Needs a consent in force covering the agency, or council staff's override with a reason
    (both kept in the history). Straight from submission (an urgent removal), `comment` is the
    justification and is required. The agency's contacts receive a disclosure (the escalation
    record, with the briefing version and the documents chosen: none by default), never the
    case itself.
    """
    if target not in Agency.values:
        raise CaseError(_("Choose IRCC or CBSA."))
    step = _start(
        case=case, actor=actor, name="escalate", expected_version=expected_version, comment=comment
    )
    if step.from_status == Status.SUBMITTED and not step.comment:
        raise CaseError(
            _("Escalating without review is for urgent removals: write the justification.")
        )
    override_reason = _require_escalation_consent(
        step.case, target, consent_override_reason.strip()
    )
    step.case.escalate(target=target, sent_on=sent_on, government_reference=government_reference)
    try:
        escalation = disclosures.escalation_open(
            case=step.case,
            actor=actor,
            agency=target,
            sent_on=sent_on,
            requested_action=step.case.requested_action,
            reply_expected_on=reply_expected_on,
            government_reference=government_reference,
        )
        case = _finish(step)
        disclosure_create(
            case=case,
            actor=actor,
            agency=target,
            documents=documents,
            briefing=briefing,
            override_reason=override_reason,
            escalation=escalation,
        )
    except DisclosureError as error:
        raise CaseError(str(error)) from error
    if override_reason:
        record(
            case=case,
            actor=actor,
            action="case.consent_overridden",
            comment=override_reason,
            agency=target,
        )
    return case


@transaction.atomic
def case_record_response(
    *,
    case: Case,
    actor: User,
    expected_version: int | None,
    received_on: datetime.date,
    response: str,
    comment: str = "",
    escalation: Escalation | None = None,
    channel: str = GovernmentResponse.Channel.NOT_STATED,
    decision: str = GovernmentResponse.Decision.OTHER,
    officer: str = "",
    reference: str = "",
    next_date: datetime.date | None = None,
) -> Case:
    """The case page's "Record the response": the answer to `escalation` (by default the
    case's open escalation to the agency it was first escalated to, else any open one); the
    case moves to responded. `response` is the summary."""
    if escalation is None:
        waiting = case.escalations.filter(state=Escalation.State.OPEN)
        escalation = waiting.filter(agency=case.escalation_target).first() or waiting.first()
    if escalation is None or escalation.case_id != case.pk:
        raise CaseError(_("Choose an escalation of this case waiting for an answer."))
    government_response_record(
        escalation=escalation,
        actor=actor,
        expected_version=expected_version,
        received_on=received_on,
        channel=channel,
        decision=decision,
        summary=response,
        officer=officer,
        reference=reference,
        next_date=next_date,
        comment=comment,
        transition_only=True,
    )
    return Case.objects.get(pk=case.pk)


@transaction.atomic
def government_response_record(
    *,
    escalation: Escalation,
    actor: User,
    received_on: datetime.date,
    channel: str,
    decision: str,
    summary: str,
    officer: str = "",
    reference: str = "",
    next_date: datetime.date | None = None,
    expected_version: int | None = None,
    comment: str = "",
    transition_only: bool = False,
) -> GovernmentResponse:
    """Record an agency's answer to one escalation: its timer stops (the answer's next date,
    if any, is its new deadline).

    By council staff, or by the agency's contact on the portal (channel "portal", marked as
    theirs). The first answer while the case is escalated moves the case to responded (the
    record_response transition, which keeps Case.response_received_on/response_summary);
    later ones are recorded beside it. `transition_only`: the caller is the case's transition
    and wants it taken or refused, never a response recorded beside it.
    """
    _require(disclosure_rules.can_record_response(actor, escalation))
    by_agency = disclosure_rules.reads_disclosures_only(actor)
    if by_agency:
        channel = GovernmentResponse.Channel.PORTAL
    if channel not in GovernmentResponse.Channel.values:
        raise CaseError(_("Choose how the response came."))
    if decision not in GovernmentResponse.Decision.values:
        raise CaseError(_("Choose the agency's decision."))
    case = Case.objects.get(pk=escalation.case_id)
    moves_case = transition_only or case.status == Status.ESCALATED
    if moves_case:
        step = _start(
            case=case,
            actor=actor,
            name="record_response",
            expected_version=expected_version,
            comment=comment,
            # The contact's answer moves the case on; the case's own transition (the case
            # page, the API) stays council staff's (casework.cases.rules).
            allowed=True if by_agency and not transition_only else None,
        )
        case = step.case
    else:
        case = _lock(case, expected_version)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    try:
        response = disclosures.response_add(
            escalation=escalation,
            actor=actor,
            received_on=received_on,
            channel=channel,
            decision=decision,
            summary=summary,
            officer=officer,
            reference=reference,
            next_date=next_date,
            by_agency=by_agency,
        )
    except DisclosureError as error:
        raise CaseError(str(error)) from error
    if moves_case:
        # The transition's own event is the history's line.
        step.case.record_response(received_on=received_on, response=response.summary)
        # The agency that answered (the notification names it): not always the first one.
        _finish(step, agency=escalation.agency, escalation=escalation.pk)
        return response
    _save(case, [])
    record(
        case=case,
        actor=actor,
        action="escalation.response_recorded",
        comment=response.summary,
        agency=escalation.agency,
        escalation=escalation.pk,
        decision=response.decision,
        by_agency=by_agency,
    )
    return response


@transaction.atomic
def case_escalation_add(
    *,
    case: Case,
    actor: User,
    agency: str,
    sent_on: datetime.date,
    requested_action: str,
    reply_expected_on: datetime.date | None = None,
    government_reference: str = "",
    documents: Sequence[Document] = (),
    briefing: Briefing | None = None,
    consent_override_reason: str = "",
    expected_version: int | None = None,
) -> Escalation:
    """Ask another agency about the case while it is escalated or answered (a removal case
    may ask IRCC to expedite the H&C decision and CBSA to defer the removal): an escalation
    record of its own, with its own follow-up timer, disclosed to the agency with the items
    chosen (none by default), on a consent covering the agency or the override's reason."""
    case = _lock(case, expected_version)
    _require(disclosure_rules.can_add_escalation(actor, case))
    if not clean_text(requested_action).strip():
        raise CaseError(_("Say what is asked of the agency."))
    if case.escalations.filter(agency=agency, state=Escalation.State.OPEN).exists():
        raise CaseError(
            _(
                "An escalation to %(agency)s is already waiting for an answer: record its "
                "response first."
            )
            % {"agency": agency}
        )
    submitted_on = timezone.localtime(case.submitted_at, timezone.get_default_timezone()).date()
    if sent_on < submitted_on:
        raise CaseError(_("The escalation cannot be sent before the case was submitted."))
    override_reason = _require_escalation_consent(case, agency, consent_override_reason.strip())
    try:
        escalation = disclosures.escalation_open(
            case=case,
            actor=actor,
            agency=agency,
            sent_on=sent_on,
            requested_action=clean_text(requested_action),
            reply_expected_on=reply_expected_on,
            government_reference=clean_text(government_reference),
        )
        _save(case, [])
        disclosure_create(
            case=case,
            actor=actor,
            agency=agency,
            documents=documents,
            briefing=briefing,
            override_reason=override_reason,
            escalation=escalation,
        )
    except DisclosureError as error:
        raise CaseError(str(error)) from error
    record(
        case=case,
        actor=actor,
        action="escalation.added",
        comment=override_reason,
        agency=agency,
        escalation=escalation.pk,
    )
    return escalation


@transaction.atomic
def case_follow_up(*, case: Case, actor: User, expected_version: int | None, comment: str) -> Case:
    """`comment`: what the government asked for; a new round of escalation starts: every
    answered escalation waits for an answer again, its timer restarting today."""
    step = _start(
        case=case, actor=actor, name="follow_up", expected_version=expected_version, comment=comment
    )
    step.case.follow_up()
    disclosures.escalations_follow_up(case=step.case, on=timezone.localdate())
    return _finish(step)


@transaction.atomic
def case_close(
    *, case: Case, actor: User, expected_version: int | None, outcome: str, comment: str = ""
) -> Case:
    step = _start(
        case=case, actor=actor, name="close", expected_version=expected_version, comment=comment
    )
    step.case.close(outcome=outcome)
    return _finish(step)


@transaction.atomic
def case_withdraw(*, case: Case, actor: User, expected_version: int | None, comment: str) -> Case:
    """`comment`: why the case is withdrawn; kept in the history."""
    return _plain("withdraw", case, actor, expected_version, comment)


@transaction.atomic
def case_reopen(*, case: Case, actor: User, expected_version: int | None, comment: str) -> Case:
    """`comment`: why the finished case is taken up again; back in review, outcome cleared."""
    return _plain("reopen", case, actor, expected_version, comment)


def _require_escalation_consent(case: Case, agency: str, override_reason: str) -> str:
    """Refuse to share the case with an agency the people concerned have not consented to.

    Council staff (the only ones who escalate) may override with a reason, recorded in the
    history; the reason is returned so the caller logs it, or "" when consent is on file.
    """
    if consent_covers(case, agency):
        return ""
    if not override_reason:
        raise CaseError(
            _(
                "No consent on file covers sharing this case with %(agency)s: record a signed "
                "consent that covers “%(scope)s”, or override with a reason."
            )
            % {"agency": agency, "scope": _CONSENT_SCOPE_LABELS[agency]}
        )
    return override_reason


_CONSENT_SCOPE_LABELS = {
    Agency.IRCC: Consent._meta.get_field("covers_ircc").verbose_name,
    Agency.CBSA: Consent._meta.get_field("covers_cbsa").verbose_name,
}


@transaction.atomic
def case_assign(*, case: Case, actor: User, assignee: User | None) -> Case:
    case = _lock(case, None)
    _require(rules.can_assign(actor, case))
    if assignee is not None and not rules.can_be_assigned(assignee):
        raise CaseError(_("Only council staff can be assigned a case."))
    case.assigned_to = assignee
    _save(case, ["assigned_to"])
    record(
        case=case,
        actor=actor,
        action="case.assigned",
        assignee=assignee.get_username() if assignee else None,
        name=assignee.display_name if assignee else "",
    )
    return case


@transaction.atomic
def case_set_urgency_override(*, case: Case, actor: User, urgency: int | None, reason: str) -> Case:
    case = _lock(case, None)
    _require(rules.can_override_urgency(actor, case))
    reason = reason.strip()
    if urgency is not None and not reason:
        raise CaseError(_("Give a reason for overriding the computed urgency."))
    case.urgency_override = urgency
    case.urgency_override_reason = reason if urgency is not None else ""
    _save(case, ["urgency_override", "urgency_override_reason"])
    record(
        case=case,
        actor=actor,
        action="case.urgency_overridden",
        comment=reason,
        urgency=urgency,
    )
    return case


RECOMPUTE_BATCH_SIZE = 500


@dataclass(frozen=True)
class _UrgencyChange:
    pk: int
    version: int
    old: int
    new: int


def urgency_recompute_all(
    *, now: datetime.datetime | None = None, batch_size: int = RECOMPUTE_BATCH_SIZE
) -> int:
    """Recompute the urgency of every open case as time passes; return how many changed.

    Run hourly, from cron (manage.py recompute_urgency) or Celery beat
    (casework.cases.tasks.recompute_urgency): a removal comes within 72 hours or a deadline
    within 5 days while nobody edits the case. This is not a user edit: `version` and
    `updated_at` stay, so nobody's open form goes stale, and a case whose urgency stays is not
    written at all. A change is logged as a "case.urgency_changed" event without an actor, so
    the history shows why the case moved. Idempotent: a second run at the same time changes
    nothing. Cases with an override keep it. Deadlines are read from their stored rows: they
    change only with the facts, on a write; only their distance from now changes.
    """
    now = now or timezone.now()
    cases = (
        Case.objects.filter(status__in=NON_TERMINAL, urgency_override__isnull=True)
        .select_related("removal", "child_at_risk")
        .prefetch_related(
            "people",
            Prefetch(
                "deadlines",
                queryset=CaseDeadline.objects.filter(
                    met=False, kind__in=[*LEGAL_DEADLINE_KINDS, *WARNING_DEADLINE_DAYS]
                ),
                to_attr="open_legal_deadlines",
            ),
        )
        .order_by("pk")
    )
    # Read everything first, write after: writing between the chunks of an open cursor is not
    # safe on SQLite. Changes are few (those that crossed a threshold since the last run).
    changes = []
    for case in cases.iterator(chunk_size=batch_size):
        urgency = compute_urgency(
            case, now=now, people=case.people.all(), deadlines=case.open_legal_deadlines
        )
        if urgency != case.urgency:
            changes.append(_UrgencyChange(case.pk, case.version, case.urgency, urgency))
    return sum(
        _urgency_apply(changes[start : start + batch_size])
        for start in range(0, len(changes), batch_size)
    )


@transaction.atomic
def _urgency_apply(changes: list[_UrgencyChange]) -> int:
    # Lock and read again. A case written since it was read had its urgency recomputed by that
    # write, which also bumped its version; a concurrent run may have applied the change already.
    current = {
        pk: (version, urgency)
        for pk, version, urgency in Case.objects.select_for_update()
        .filter(pk__in=[change.pk for change in changes])
        .values_list("pk", "version", "urgency")
    }
    fresh = [change for change in changes if current.get(change.pk) == (change.version, change.old)]
    Case.objects.bulk_update(
        [Case(pk=change.pk, urgency=change.new) for change in fresh], ["urgency"]
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=change.pk,
            action="case.urgency_changed",
            data={"from": int(change.old), "to": int(change.new)},
        )
        for change in fresh
    )
    return len(fresh)


@transaction.atomic
def case_share(*, case: Case, actor: User, user: User) -> None:
    """An organisation administrator lets one named user of another member organisation read
    the case (rules.can_be_shared_with). The audit entry comes from the permission row itself
    (casework.audit.receivers), whoever writes it."""
    _require(rules.can_share(actor, case))
    if not rules.can_be_shared_with(user, case):
        raise CaseError(
            _("A case can be shared only with an active account of another member organisation.")
        )
    if user.has_perm("cases.view_case", case):
        raise CaseError(_("%(name)s can read this case already.") % {"name": user.display_name})
    assign_perm("cases.view_case", user, case)
    record(case=case, actor=actor, action="case.shared", **_named(user))


@transaction.atomic
def case_unshare(*, case: Case, actor: User, user: User) -> None:
    """Withdraw the read access `case_share` gave `user`; the organisation's own stays."""
    _require(rules.can_withdraw_share(actor, case))
    removed, _detail = remove_perm("cases.view_case", user, case)
    if not removed:
        raise CaseError(_("This case is not shared with %(name)s.") % {"name": user.display_name})
    record(case=case, actor=actor, action="case.unshared", **_named(user))


def _named(user: User | None) -> dict:
    """How a history line names the person it is about: their name then, and their login."""
    if user is None:
        return {"user": None, "name": ""}
    return {"user": user.get_username(), "name": f"{user.display_name} ({user.organisation})"}


def _add_child(
    case: Case, actor: User, instance, action: str, exclude=None, rule=rules.can_edit_details
):
    """Validate and save a record that hangs off the case, then log and bump the version.

    `rule(actor, case)` says who may add it: whoever may edit the case's details by default.
    """
    locked = _lock(case, None)
    _require(rule(actor, locked))
    _full_clean(instance, exclude=["case", *(exclude or [])])
    instance.save()
    _save(locked, [])
    record(case=locked, actor=actor, action=action, id=instance.pk)
    # The caller's case may be stale: hand back the one read under the lock.
    instance.case = locked
    return instance


def _require_person_of(case: Case, person: Person | None) -> None:
    if person is not None and person.case_id != case.pk:
        raise CaseError(_("That person is not part of this case."))


@transaction.atomic
def person_add(
    *,
    case: Case,
    actor: User,
    role: str,
    family_name: str,
    given_names: str = "",
    date_of_birth: datetime.date | None = None,
    date_of_birth_precision: str = DatePrecision.DAY,
    citizenship: str = "",
    uci: str = "",
    relationship: str = "",
) -> Person:
    person = Person(
        case=case,
        role=role,
        family_name=family_name,
        given_names=given_names,
        date_of_birth=date_of_birth,
        date_of_birth_precision=date_of_birth_precision,
        citizenship=citizenship,
        uci=uci,
        relationship=relationship,
    )
    person = _add_child(case, actor, person, "person.added")
    _flag_duplicates(person, actor)
    return person


@transaction.atomic
def person_update(*, person: Person, actor: User, data: Mapping[str, Any]) -> Person:
    """Change the PERSON_DETAILS in `data`."""
    _apply(person, allowed=PERSON_DETAILS, data=data, service="person_update()")
    person = _add_child(person.case, actor, person, "person.edited")
    _flag_duplicates(person, actor)
    return person


# Cases the council works on: submitted and not finished. Drafts are private to their
# organisation, so they are neither flagged nor matched against.
_OPEN_SUBMITTED = [status for status in NON_TERMINAL if status != Status.DRAFT]


def _flag_duplicates(person: Person, actor: User) -> list[DuplicateFlag]:
    """Flag, for the council, the people of other open cases who may be this person.

    Same UCI, or same name and date of birth (Person.match_key). A pair is flagged once, in
    either direction, whatever became of the flag: a dismissed pair stays dismissed. Two cases
    have one open flag between them at most, and none once linked. Two
    matching people saved at the same moment in two cases do not see each other's uncommitted
    rows; the next edit of either, or the next submission, flags them.
    """
    case = person.case
    if case.status not in _OPEN_SUBMITTED:
        return []
    same = Q()
    if person.uci:
        same |= Q(uci=person.uci)
    if person.match_key:
        same |= Q(match_key=person.match_key)
    if not same:
        return []
    already = DuplicateFlag.objects.filter(person=person).values("other_person")
    already_reverse = DuplicateFlag.objects.filter(other_person=person).values("person")
    matches = (
        Person.objects.filter(same, case__status__in=_OPEN_SUBMITTED)
        .exclude(case=case)
        .exclude(pk__in=already)
        .exclude(pk__in=already_reverse)
        .select_related("case")
        .only("pk", "uci", "case__reference")
    )
    # One flag per pair of cases: council staff review the pair once, however many of its
    # people match and on however many grounds (the same UCI is the stronger one, kept).
    settled = {
        other
        for pair in DuplicateFlag.objects.filter(
            Q(case=case) | Q(other_case=case),
            resolution__in=[DuplicateFlag.Resolution.OPEN, DuplicateFlag.Resolution.LINKED],
        ).values_list("case_id", "other_case_id")
        for other in pair
    }
    by_case: dict[int, DuplicateFlag] = {}
    for match in matches:
        if match.case_id in settled:
            continue
        flag = DuplicateFlag(
            case=case,
            person=person,
            other_case=match.case,
            other_person=match,
            reason=DuplicateFlag.Reason.UCI
            if person.uci and match.uci == person.uci
            else DuplicateFlag.Reason.NAME_AND_BIRTH,
        )
        kept = by_case.get(match.case_id)
        if kept is None or (
            flag.reason == DuplicateFlag.Reason.UCI and kept.reason != DuplicateFlag.Reason.UCI
        ):
            by_case[match.case_id] = flag
    flags = DuplicateFlag.objects.bulk_create(by_case.values())
    for flag in flags:
        _log_on_both(flag, actor, "duplicate.flagged")
    return flags


def _log_on_both(flag: DuplicateFlag, actor: User, action: str, comment: str = "") -> None:
    """The same event in the history of both cases, each naming the other (council-only)."""
    for case, other in ((flag.case, flag.other_case), (flag.other_case, flag.case)):
        record(case=case, actor=actor, action=action, comment=comment, other=other.reference)


def _lock_open_flag(flag: DuplicateFlag, actor: User) -> DuplicateFlag:
    _require(rules.can_review_duplicates(actor))
    flag = (
        DuplicateFlag.objects.select_for_update()
        .select_related("case", "other_case")
        .get(pk=flag.pk)
    )
    if flag.resolution != DuplicateFlag.Resolution.OPEN:
        raise CaseError(_("This possible duplicate was already dealt with."))
    return flag


def _resolve(flag: DuplicateFlag, actor: User, resolution: str) -> None:
    flag.resolution = resolution
    flag.resolved_by = actor
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["resolution", "resolved_by", "resolved_at"])


@transaction.atomic
def duplicate_flag_link(*, flag: DuplicateFlag, actor: User) -> CaseLink:
    """Council staff confirm the two cases concern the same people: link them, both ways."""
    flag = _lock_open_flag(flag, actor)
    first, second = sorted([flag.case, flag.other_case], key=lambda case: case.pk)
    link, _created = CaseLink.objects.get_or_create(
        case=first, other_case=second, defaults={"created_by": actor}
    )
    _resolve(flag, actor, DuplicateFlag.Resolution.LINKED)
    _log_on_both(flag, actor, "case.linked")
    return link


@transaction.atomic
def duplicate_flag_dismiss(*, flag: DuplicateFlag, actor: User, reason: str) -> DuplicateFlag:
    """Council staff found the two people are different: the pair is not flagged again."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Give a reason: it is kept in the case history."))
    flag = _lock_open_flag(flag, actor)
    _resolve(flag, actor, DuplicateFlag.Resolution.DISMISSED)
    _log_on_both(flag, actor, "duplicate.dismissed", comment=reason)
    return flag


@transaction.atomic
def person_remove(*, person: Person, actor: User) -> None:
    locked = _lock(person.case, None)
    _require(rules.can_edit_details(actor, locked))
    person_id = person.pk
    person.delete()
    _save(locked, [])
    record(case=locked, actor=actor, action="person.removed", id=person_id)


@transaction.atomic
def government_file_add(
    *,
    case: Case,
    actor: User,
    agency: str,
    kind: str,
    number: str,
    person: Person | None = None,
    submitted_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    decision: str = "",
    notified_on: datetime.date | None = None,
    decided_outside_canada: bool = False,
) -> GovernmentFile:
    _require_person_of(case, person)
    try:
        number = normalise_file_number(number, agency=agency)
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from error
    file = GovernmentFile(
        case=case,
        person=person,
        agency=agency,
        kind=kind,
        number=number,
        submitted_on=submitted_on,
        decided_on=decided_on,
        decision=decision,
        notified_on=notified_on,
        decided_outside_canada=decided_outside_canada,
    )
    return _add_child(case, actor, file, "government_file.added")


@transaction.atomic
def consent_add(
    *,
    case: Case,
    actor: User,
    signed_by: str,
    signed_on: datetime.date,
    person: Person | None = None,
    signer_name: str = "",
    instrument: str = Consent.Instrument.COUNCIL_FORM,
    covers_council: bool = True,
    covers_ircc: bool = False,
    covers_cbsa: bool = False,
    expires_on: datetime.date | None = None,
) -> Consent:
    _require_person_of(case, person)
    consent = Consent(
        case=case,
        person=person,
        signed_by=signed_by,
        signer_name=signer_name,
        instrument=instrument,
        covers_council=covers_council,
        covers_ircc=covers_ircc,
        covers_cbsa=covers_cbsa,
        signed_on=signed_on,
        expires_on=expires_on,
    )
    return _add_child(case, actor, consent, "consent.added")


@transaction.atomic
def document_add(*, case: Case, actor: User, kind: str, upload: UploadedFile) -> Document:
    _require(rules.can_edit_details(actor, case))
    return _document_store(case, actor, kind=kind, upload=upload, rule=rules.can_edit_details)


def _document_store(case: Case, actor: User, *, kind: str, upload: UploadedFile, rule) -> Document:
    """Check and store an upload as a document of the case, if `rule(actor, case)` allows."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise CaseError(
            _("The file is too large: the limit is %(limit)d MB.")
            % {"limit": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    content_type = uploads.sniff_content_type(upload)
    if content_type is None:
        raise CaseError(
            _("Only PDF, PNG, JPEG, Word (.docx) and OpenDocument (.odt) files can be attached.")
        )
    name = uploads.safe_filename(upload.name)
    if not uploads.extension_matches(name, content_type):
        raise CaseError(_("The file's name does not match its content: rename it and try again."))
    document = Document(
        case=case,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    streamed = uploads.HashingFile(upload)
    try:
        document.file.save(name, streamed, save=False)
    except STORAGE_ERRORS as error:
        raise CaseError(str(STORE_FAILED)) from error
    document.sha256 = streamed.digest.hexdigest()
    try:
        return _add_child(case, actor, document, "document.added", exclude=["file"], rule=rule)
    except Exception:
        # The row is rolled back with the transaction; the file on disk must go too.
        document.file.delete(save=False)
        raise


@transaction.atomic
def document_record_download(*, document: Document, actor: User) -> None:
    record(
        case=document.case,
        actor=actor,
        action="document.downloaded",
        audit=Action.DOCUMENT_DOWNLOADED,
        audit_target=f"document {document.pk}",
        id=document.pk,
    )


def case_follow_up_due(*, case: Case) -> CaseEvent:
    """The government has not answered in FOLLOW_UP_DAYS: on the record, for the council.

    Run by the flow's follow-up timer, under the process lock, just before the flow opens the
    follow-up task. Nobody acted: the event has no actor.
    """
    return record(
        case=case,
        actor=None,
        action="case.follow_up_due",
        days=settings.CASEWORK["FOLLOW_UP_DAYS"],
    )


def case_record_view(*, case: Case, actor: User) -> None:
    """A read of the case page (or its API record): in the audit log, not in the history."""
    audit_record(action=Action.CASE_VIEWED, actor=actor, case=case)


@transaction.atomic
def note_add(
    *,
    case: Case,
    actor: User,
    body: str,
    internal: bool,
    upload: UploadedFile | None = None,
    document_kind: str = Document.DocumentKind.CORRESPONDENCE,
) -> Note:
    """A note for the council only (`internal`), or a message between the member organisation
    and the council, with a document if `upload` is given, at any stage before the case is
    finished. A message e-mails the other side (signals.message_sent)."""
    _require(
        rules.can_add_internal_note(actor, case) if internal else rules.can_add_note(actor, case)
    )
    body = clean_text(body).strip()
    if not body:
        raise CaseError(_("The note is empty."))
    if internal and upload:
        # Documents are the member's to see: a council-only note carries none.
        raise CaseError(_("A note for the council only cannot carry a document."))
    locked = _lock(case, None)
    document = (
        _document_store(locked, actor, kind=document_kind, upload=upload, rule=rules.can_add_note)
        if upload
        else None
    )
    note = Note.objects.create(
        case=locked, author=actor, body=body, internal=internal, document=document
    )
    written = []
    if not internal:
        written = ["council_message_at" if rules.can_triage(actor) else "member_message_at"]
        setattr(locked, written[0], note.created_at)
    _save(locked, written)
    event = record(case=locked, actor=actor, action="note.added", id=note.pk, internal=internal)
    if not internal:
        to = "member" if rules.can_triage(actor) else "council"
        message_sent.send(sender=Note, note=note, event=event, to=to)
    return note


@transaction.atomic(savepoint=False)  # nothing to roll back to inside a read of the page
def case_page_opened(*, case: Case, actor: User) -> None:
    """The case page was read: in the audit log, and its messages so far read by the actor.
    One transaction, so one commit (one flush to disk) for the two writes of every view."""
    case_record_view(case=case, actor=actor)
    case_mark_read(case=case, user=actor)


def case_mark_read(*, case: Case, user: User) -> None:
    """The user opened the case page: its messages so far are read (one upsert)."""
    CaseRead.objects.bulk_create(
        [CaseRead(case=case, user=user, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "case"],
        update_fields=["read_at"],
    )


# The service of each transition, by name: what the case page's and the API's transition
# endpoints call.
TRANSITION_SERVICES = {name: globals()[f"case_{name}"] for name in case_transitions()}


# Bulk actions on the case list (council staff).


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did: the references changed, and those refused with why."""

    done: list[str]
    refused: list[tuple[str, str]]


def cases_bulk_assign(
    *, cases: Sequence[Case], actor: User, assignee: User | None, take: bool = False
) -> BulkResult:
    """Assign each case to `assignee` (None: nobody), or with `take` to the actor, taking a new
    submission from the queue as case_take does (its review starts); a case a colleague
    holds is not taken from them.

    Each case on its own, in its own transaction: a case the actor may not change (rules, per
    case) or that someone changed meanwhile is reported and left as it was; the others are
    done. The caller passes only cases the actor may see.
    """
    _require(rules.can_act_in_bulk(actor))
    done, refused = [], []
    for case in cases:
        try:
            if take and rules.can_take_from_queue(actor, case):
                case_take(case=case, actor=actor)
            elif not rules.can_assign(actor, case):
                raise PermissionDenied
            elif take:
                _take_assignment(case, actor)
            else:
                case_assign(case=case, actor=actor, assignee=assignee)
        except PermissionDenied:
            refused.append((case.reference, _("it cannot be changed any more")))
        except CaseError as error:
            refused.append((case.reference, str(error)))
        else:
            done.append(case.reference)
    return BulkResult(done, refused)


@transaction.atomic
def _take_assignment(case: Case, actor: User) -> None:
    """Assign the case to the actor, unless someone else holds it (read under the lock): taking
    never overwrites a colleague's assignment; assigning to someone does, on purpose."""
    _refuse_if_held_by_another(_lock(case, None), actor)
    case_assign(case=case, actor=actor, assignee=actor)


# Saved filters of the case list: a user's own.


@transaction.atomic
def saved_filter_create(*, actor: User, name: str, query: str) -> SavedFilter:
    """Save the list's filters (`query`: as the list's filter form cleaned them) under a name;
    a name already used by the actor is replaced."""
    name = clean_text(name).strip()
    if not name:
        raise CaseError(_("Give the filter a name."))
    saved, _created = SavedFilter.objects.update_or_create(
        user=actor, name=name, defaults={"query": query}
    )
    return saved


def saved_filter_delete(*, saved_filter: SavedFilter, actor: User) -> None:
    if saved_filter.user_id != actor.pk:
        raise PermissionDenied
    saved_filter.delete()


# Personal reminders: seen by their author only.


def reminder_add(
    *, case: Case, actor: User, remind_on: datetime.date, note: str = "", email: bool = False
) -> Reminder:
    """A reminder ("remind me on…") of of the case for the actor alone (not in the case history,
    which others read)."""
    _require(rules.can_set_reminder(actor, case))
    if remind_on < timezone.localdate():
        raise CaseError(_("Choose today or a later day."))
    reminder = Reminder(
        case=case, author=actor, remind_on=remind_on, note=clean_text(note).strip(), email=email
    )
    _full_clean(reminder)
    reminder.save()
    return reminder


def reminder_dismiss(*, reminder: Reminder, actor: User) -> None:
    if reminder.author_id != actor.pk:
        raise PermissionDenied
    reminder.dismissed_at = timezone.now()
    reminder.save(update_fields=["dismissed_at"])
