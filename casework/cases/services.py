"""Every write to a case. Keyword-only, atomic, and each one leaves a CaseEvent behind.

Views call these and nothing else to change data. A service refuses with PermissionDenied when
the actor may not act, and with CaseError (a message for the user) when the request cannot be
carried out; in both cases nothing is written.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm

from casework.accounts.models import Agency, Organisation, User

from . import uploads
from .deadlines import case_deadlines, next_deadline
from .identifiers import normalise_file_number
from .models import (
    LEGAL_DEADLINE_KINDS,
    NON_TERMINAL,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseLink,
    Consent,
    Document,
    DuplicateFlag,
    GovernmentFile,
    Note,
    Person,
    ReferenceSequence,
    Removal,
    Status,
    can_change_case,
)
from .signals import case_transitioned
from .storage import STORAGE_ERRORS, STORE_FAILED
from .urgency import compute_urgency, effective_urgency

# Transitions whose comment is the reason the user must give.
REASON_REQUIRED = {"request_info", "decline", "withdraw", "follow_up"}
TRANSITIONS = (
    "submit", "start_review", "request_info", "resubmit", "decline", "accept",
    "escalate", "record_response", "follow_up", "close", "withdraw",
)  # fmt: skip


class CaseError(Exception):
    """A request that cannot be carried out; the message is shown to the user."""


class StaleCase(CaseError):
    pass


def log_event(
    *,
    case: Case,
    actor: User | None,
    action: str,
    comment: str = "",
    from_status: str = "",
    to_status: str = "",
    **data: Any,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=actor,
        action=action,
        comment=comment,
        from_status=from_status,
        to_status=to_status,
        data=data,
    )


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
    case.save(update_fields=[*fields, "version", "urgency", "next_deadline", "updated_at"])


def _refresh_derived(case: Case) -> None:
    """Recompute what follows from the facts: deadlines, the next one, urgency.

    Replaces the case's CaseDeadline rows, in the caller's transaction, and sets
    `next_deadline` and `urgency` on the instance for the caller to save. Urgency comes last:
    a legal deadline within 5 days raises it.
    """
    deadlines = case_deadlines(case)
    CaseDeadline.objects.filter(case=case).delete()
    CaseDeadline.objects.bulk_create([deadline.as_row(case) for deadline in deadlines])
    case.next_deadline = next_deadline(deadlines)
    case.urgency = effective_urgency(case, now=timezone.now(), deadlines=deadlines)


def can_edit_details(case: Case, user: User) -> bool:
    """Members edit while the case is theirs to change; council staff once it reached them."""
    if case.is_terminal:
        return False
    if case.is_editable and can_change_case(case, user):
        return True
    return case.was_submitted and user.has_perm("cases.triage_case")


def _require_details_write(case: Case, actor: User) -> None:
    if not can_edit_details(case, actor):
        raise PermissionDenied


def _full_clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from error


@transaction.atomic
def case_create(*, actor: User, kind: str, summary: str, **fields: Any) -> Case:
    organisation = actor.organisation
    if organisation is None or organisation.kind != Organisation.Kind.MEMBER:
        raise PermissionDenied
    removal_fields = fields.pop("removal", None)
    case = Case(
        kind=kind,
        summary=summary,
        organisation=organisation,
        created_by=actor,
        reference=_next_reference(timezone.localdate().year),
        **fields,
    )
    _full_clean(case, exclude=["status"])
    case.save()
    if removal_fields is not None and case.is_removal:
        _removal_save(case, removal_fields)
    _refresh_derived(case)
    case.save(update_fields=["urgency", "next_deadline"])
    for permission in ("view_case", "change_case"):
        assign_perm(f"cases.{permission}", organisation.group, case)
    log_event(case=case, actor=actor, action="case.created")
    return case


def _removal_save(case: Case, removal_fields: dict) -> Removal:
    removal = getattr(case, "removal", None) or Removal(case=case)
    for name, value in removal_fields.items():
        setattr(removal, name, value)
    _full_clean(removal, exclude=["case"])
    removal.save()
    case.removal = removal
    return removal


@transaction.atomic
def case_update(*, case: Case, actor: User, expected_version: int, **fields: Any) -> Case:
    _require_details_write(case, actor)
    case = _lock(case, expected_version)
    removal_fields = fields.pop("removal", None)
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, fields[name])
    _full_clean(case, exclude=["status"])
    if removal_fields is not None and case.is_removal:
        _removal_save(case, removal_fields)
        changed.append("removal")
    _save(case, [name for name in changed if name != "removal"])
    log_event(case=case, actor=actor, action="case.edited", fields=changed)
    return case


@transaction.atomic
def case_transition(
    *,
    case: Case,
    actor: User,
    name: str,
    expected_version: int | None,
    comment: str = "",
    **params: Any,
) -> Case:
    """Move a case along its lifecycle; see Case for the states and transitions."""
    if name not in TRANSITIONS:
        raise CaseError(_("Unknown action."))
    case = _lock(case, expected_version)
    method = getattr(case, name)
    not_now = _("This action is not possible while the case is “%(status)s”.") % {
        "status": case.get_status_display()
    }
    if not can_proceed(method, check_conditions=False):
        raise CaseError(not_now)
    # Only the permission: django_fsm.has_transition_perm() also checks the conditions, which
    # would turn "add a person first" into a bare 403 instead of the message below.
    if not method._django_fsm.has_transition_perm(case, case.status, actor):
        raise PermissionDenied
    case.urgency = effective_urgency(case, now=timezone.now())
    if not can_proceed(method):
        problems = case.submission_problems() if name in ("submit", "resubmit") else []
        raise CaseError(" ".join(str(p) for p in problems) or not_now)
    comment = comment.strip()
    if name in REASON_REQUIRED and not comment:
        raise CaseError(_("Give a reason: it is kept in the case history."))
    from_status = case.status
    if name == "escalate" and from_status == Status.SUBMITTED and not comment:
        raise CaseError(
            _("Escalating without review is for urgent removals: write the justification.")
        )
    consent_override_reason = params.pop("consent_override_reason", "").strip()
    if name == "escalate":
        consent_override_reason = _require_escalation_consent(
            case, params["target"], consent_override_reason
        )
    method(**params)
    fields = ["status", *_TRANSITION_FIELDS[name]]
    if name == "start_review" and case.assigned_to_id is None:
        # Whoever starts the review owns the case until someone reassigns it.
        case.assigned_to = actor
        fields.append("assigned_to")
    _save(case, fields)
    if name == "escalate":
        _share_with_agency(case)
    log_event(
        case=case,
        actor=actor,
        action=f"case.{name}",
        comment=comment,
        from_status=from_status,
        to_status=case.status,
    )
    if consent_override_reason:
        log_event(
            case=case,
            actor=actor,
            action="case.consent_overridden",
            comment=consent_override_reason,
            agency=case.escalation_target,
        )
    if name == "submit":
        # The council sees the case from now on: compare the people added while it was a draft.
        for person in case.people.all():
            _flag_duplicates(person, actor)
    case_transitioned.send(sender=Case, case=case, name=name, actor=actor, from_status=from_status)
    return case


def consent_on_file(case: Case, agency: str, *, on: datetime.date | None = None) -> bool:
    """Whether a consent in force on that day lets the council share the case with the agency."""
    on = on or timezone.localdate()
    scope = {Agency.IRCC: "covers_ircc", Agency.CBSA: "covers_cbsa"}[agency]
    return (
        case.consents.filter(**{scope: True}, signed_on__lte=on).exclude(expires_on__lt=on).exists()
    )


def _require_escalation_consent(case: Case, agency: str, override_reason: str) -> str:
    """Refuse to share the case with an agency the people concerned have not consented to.

    Council staff (the only ones who escalate) may override with a reason, recorded in the
    history; the reason is returned so the caller logs it, or "" when consent is on file.
    """
    if consent_on_file(case, agency):
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


# What each transition method writes besides `status`.
_TRANSITION_FIELDS = {
    "submit": ["submitted_at"],
    "start_review": [],
    "request_info": [],
    "resubmit": [],
    "decline": ["closed_at"],
    "accept": [],
    "escalate": ["escalation_target", "escalation_sent_on", "government_reference", "escalated_at"],
    "record_response": ["response_received_on", "response_summary"],
    "follow_up": ["escalated_at"],
    "close": ["outcome", "closed_at"],
    "withdraw": ["outcome", "closed_at"],
}


def _share_with_agency(case: Case) -> None:
    """Government contacts may read only the cases escalated to their own agency."""
    for organisation in Organisation.objects.filter(
        kind=Organisation.Kind.GOVERNMENT, agency=case.escalation_target
    ).select_related("group"):
        assign_perm("cases.view_case", organisation.group, case)


@transaction.atomic
def case_assign(*, case: Case, actor: User, assignee: User | None) -> Case:
    if not actor.has_perm("cases.triage_case"):
        raise PermissionDenied
    if assignee is not None and not assignee.has_perm("cases.triage_case"):
        raise CaseError(_("Only council staff can be assigned a case."))
    case = _lock(case, None)
    case.assigned_to = assignee
    _save(case, ["assigned_to"])
    log_event(
        case=case,
        actor=actor,
        action="case.assigned",
        assignee=assignee.get_username() if assignee else None,
    )
    return case


@transaction.atomic
def case_set_urgency_override(*, case: Case, actor: User, urgency: int | None, reason: str) -> Case:
    if not actor.has_perm("cases.triage_case"):
        raise PermissionDenied
    reason = reason.strip()
    if urgency is not None and not reason:
        raise CaseError(_("Give a reason for overriding the computed urgency."))
    case = _lock(case, None)
    case.urgency_override = urgency
    case.urgency_override_reason = reason if urgency is not None else ""
    _save(case, ["urgency_override", "urgency_override_reason"])
    log_event(
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
        .select_related("removal")
        .prefetch_related(
            "people",
            Prefetch(
                "deadlines",
                queryset=CaseDeadline.objects.filter(met=False, kind__in=LEGAL_DEADLINE_KINDS),
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
    """An organisation administrator lets one named user of another organisation read a case."""
    membership = getattr(actor, "membership", None)
    if not (
        membership
        and membership.role == "org_admin"
        and membership.organisation_id == case.organisation_id
    ):
        raise PermissionDenied
    assign_perm("cases.view_case", user, case)
    log_event(case=case, actor=actor, action="case.shared", user=user.get_username())


def _add_child(case: Case, actor: User, instance, action: str, exclude=None):
    """Validate and save a record that hangs off the case, then log and bump the version."""
    _require_details_write(case, actor)
    locked = _lock(case, None)
    _full_clean(instance, exclude=["case", *(exclude or [])])
    instance.save()
    _save(locked, [])
    log_event(case=locked, actor=actor, action=action, id=instance.pk)
    # The caller's case may be stale: hand back the one read under the lock.
    instance.case = locked
    return instance


@transaction.atomic
def person_add(*, case: Case, actor: User, **fields: Any) -> Person:
    person = _add_child(case, actor, Person(case=case, **fields), "person.added")
    _flag_duplicates(person, actor)
    return person


@transaction.atomic
def person_update(*, person: Person, actor: User, **fields: Any) -> Person:
    for name, value in fields.items():
        setattr(person, name, value)
    person = _add_child(person.case, actor, person, "person.edited")
    _flag_duplicates(person, actor)
    return person


# Cases the council works on: submitted and not finished. Drafts are private to their
# organisation, so they are neither flagged nor matched against.
_OPEN_SUBMITTED = [status for status in NON_TERMINAL if status != Status.DRAFT]


def _flag_duplicates(person: Person, actor: User) -> list[DuplicateFlag]:
    """Flag, for the council, the people of other open cases who may be this person.

    Same UCI, or same name and date of birth (Person.match_key). A pair is flagged once, in
    either direction, whatever became of the flag: a dismissed pair stays dismissed. Two
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
    flags = DuplicateFlag.objects.bulk_create(
        DuplicateFlag(
            case=case,
            person=person,
            other_case=match.case,
            other_person=match,
            reason=DuplicateFlag.Reason.UCI
            if person.uci and match.uci == person.uci
            else DuplicateFlag.Reason.NAME_AND_BIRTH,
        )
        for match in matches
    )
    for flag in flags:
        _log_on_both(flag, actor, "duplicate.flagged")
    return flags


def _log_on_both(flag: DuplicateFlag, actor: User, action: str, comment: str = "") -> None:
    """The same event in the history of both cases, each naming the other (council-only)."""
    for case, other in ((flag.case, flag.other_case), (flag.other_case, flag.case)):
        log_event(case=case, actor=actor, action=action, comment=comment, other=other.reference)


def _lock_open_flag(flag: DuplicateFlag, actor: User) -> DuplicateFlag:
    if not actor.has_perm("cases.triage_case"):
        raise PermissionDenied
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
    case = person.case
    _require_details_write(case, actor)
    locked = _lock(case, None)
    person_id = person.pk
    person.delete()
    _save(locked, [])
    log_event(case=locked, actor=actor, action="person.removed", id=person_id)


@transaction.atomic
def government_file_add(*, case: Case, actor: User, **fields: Any) -> GovernmentFile:
    try:
        fields["number"] = normalise_file_number(fields.get("number", ""), agency=fields["agency"])
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from error
    return _add_child(case, actor, GovernmentFile(case=case, **fields), "government_file.added")


@transaction.atomic
def consent_add(*, case: Case, actor: User, **fields: Any) -> Consent:
    return _add_child(case, actor, Consent(case=case, **fields), "consent.added")


@transaction.atomic
def document_add(*, case: Case, actor: User, kind: str, upload: UploadedFile) -> Document:
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
        return _add_child(case, actor, document, "document.added", exclude=["file"])
    except Exception:
        # The row is rolled back with the transaction; the file on disk must go too.
        document.file.delete(save=False)
        raise


@transaction.atomic
def document_record_download(*, document: Document, actor: User) -> None:
    log_event(case=document.case, actor=actor, action="document.downloaded", id=document.pk)


@transaction.atomic
def note_add(*, case: Case, actor: User, body: str, internal: bool) -> Note:
    council = actor.has_perm("cases.triage_case")
    if case.is_terminal or not (council or can_change_case(case, actor)):
        raise PermissionDenied
    if internal and not council:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise CaseError(_("The note is empty."))
    locked = _lock(case, None)
    note = Note.objects.create(case=locked, author=actor, body=body, internal=internal)
    _save(locked, [])
    log_event(case=locked, actor=actor, action="note.added", id=note.pk, internal=internal)
    return note
