"""Cases and everything recorded about them.

A Case moves through one state machine whatever its kind (see ../shared/DESIGN.md):

    draft -> submitted -> in_review -> accepted -> escalated -> responded -> closed
    in_review -> info_requested -> submitted          (the member answers)
    in_review -> declined                             (terminal, reason required)
    responded -> escalated                            (follow-up: the government asked for more)
    submitted -> escalated                            (urgent removal only, with a justification)
    any non-terminal -> withdrawn                     (terminal, reason required)

`status` is protected: only the transition methods below change it, and only services call
them (casework.cases.services), inside a transaction, writing a CaseEvent for each.
"""

import contextlib
import datetime
import functools
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField, Transition, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from casework.accounts.models import Agency, Organisation
from casework.dates import date_display
from casework.inputs import CleanInputModelMixin
from casework.links import reverse_one

from .identifiers import format_uci, normalise_uci, person_match_key
from .storage import PrivateStorage


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    DECLINED = "declined", _("Declined")
    ACCEPTED = "accepted", _("Accepted")
    ESCALATED = "escalated", _("Escalated")
    RESPONDED = "responded", _("Response received")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TERMINAL = {Status.DECLINED, Status.CLOSED, Status.WITHDRAWN}
NON_TERMINAL = [s for s in Status.values if s not in TERMINAL]
EDITABLE = {Status.DRAFT, Status.INFO_REQUESTED}


class Kind(models.TextChoices):
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification: R.117(9)(d)")
    SEPARATED_CHILD = "separated_child", _("Separated child at risk")
    REMOVAL_DEFERRAL = "removal_deferral", _("Removal: deferral before H&C decision")
    BORDER_INTERVENTION = "border_intervention", _("Urgent border intervention")
    DETENTION = "detention", _("Immigration detention")
    RESETTLEMENT_REFERRAL = "resettlement_referral", _("Humanitarian or resettlement referral")


# What each kind is for, on the page where a caseworker chooses one.
KIND_DESCRIPTIONS = {
    Kind.FAMILY_REUNIFICATION: _(
        "A family member was excluded under R.117(9)(d) (not declared or not examined) and a "
        "child is affected. The council may refer it to IRCC's Case Management Branch."
    ),
    Kind.SEPARATED_CHILD: _(
        "A child separated from their family, in Canada or abroad, whose safety or future is "
        "at risk. The council may raise it with IRCC."
    ),
    Kind.REMOVAL_DEFERRAL: _(
        "A refused claimant faces removal before an H&C application weighing a child's best "
        "interests or a medical condition is decided. The council may ask CBSA to defer."
    ),
    Kind.BORDER_INTERVENTION: _(
        "Someone is being prevented from claiming refugee protection at the border, or is "
        "detained there. Urgent: the council may intervene with CBSA."
    ),
    Kind.DETENTION: _(
        "Someone is held in immigration detention. The council may raise it with CBSA before "
        "the next detention review."
    ),
    Kind.RESETTLEMENT_REFERRAL: _(
        "A person abroad in need of protection, referred for resettlement or on humanitarian "
        "grounds through a referral partner. The council may raise it with IRCC."
    ),
}

FAMILY_KINDS = {Kind.FAMILY_REUNIFICATION, Kind.SEPARATED_CHILD}
REMOVAL_KINDS = {Kind.REMOVAL_DEFERRAL, Kind.BORDER_INTERVENTION}
# The agency each kind is raised with: CBSA enforces removals and detains; IRCC decides the rest.
CBSA_KINDS = {*REMOVAL_KINDS, Kind.DETENTION}


class Urgency(models.IntegerChoices):
    # Stored as a rank so the triage queue can sort on it.
    CRITICAL = 1, _("Critical")
    HIGH = 2, _("High")
    MEDIUM = 3, _("Medium")
    ROUTINE = 4, _("Routine")


class Outcome(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    PARTIAL = "partial", _("Partly favourable")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")
    NO_RESPONSE = "no_response", _("No response")
    MOOT = "moot", _("Moot (client removed or left)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


# Who takes a transition; casework.cases.rules says who that is for a given user and case.
BY_ORGANISATION = "organisation"  # the member organisation the case belongs to
BY_COUNCIL = "council"
BY_ORGANISATION_OR_COUNCIL = "organisation_or_council"
BY_DIRECTOR = "director"  # the council's policy director


def _declare(
    label,
    by: str,
    *,
    writes: tuple[str, ...] = (),
    reason_required: bool = False,
    form: str = "",
    one_click: bool = False,
) -> dict:
    """A transition's metadata, kept next to it (django-fsm's `custom`).

    label: its button; by: who takes it; writes: the fields the method sets besides `status`
    (the service saves exactly these); reason_required: the comment is the reason the history
    keeps; form: the name of its form class in casework.cases.forms when it takes more than a
    comment; one_click: the case page takes it with a button, without asking anything (the
    others open a page of their own).
    """
    return {
        "label": label,
        "by": by,
        "writes": writes,
        "reason_required": reason_required,
        "form": form or ("ReasonForm" if reason_required else "TransitionForm"),
        "one_click": one_click,
    }


class ChoiceLabels(models.Model):
    """get_FOO_display() without rebuilding the field's choices at every call.

    Django hashes every choice of the field each time; a list of 25 cases asked it 75 times
    and spent more on that than on its query. The choices of a field never change: they are
    read once per field. Labels stay lazy, so each reader still gets their own language.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name)
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


_CHOICE_LABELS: dict[models.Field, dict] = {}


def case_url(reference: str) -> str:
    """The case page of `reference` (casework.links: lists link up to 120 cases a page)."""
    return reverse_one("cases:detail", reference)


class Case(CleanInputModelMixin, ConcurrentTransitionMixin, ChoiceLabels):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = FSMField(
        _("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True
    )
    # Bumped by every write; forms carry it so a stale page cannot overwrite newer work.
    version = models.PositiveIntegerField(default=1, editable=False)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_created",
        verbose_name=_("caseworker"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_assigned",
        verbose_name=_("assigned council staff"),
    )

    # How people know the case besides its reference: a few words the caseworker types, and
    # the principal person's name, kept by services (casework.cases.labels). Shown on pages and
    # lists, never in an e-mail subject.
    title = models.CharField(
        _("short title"),
        max_length=120,
        blank=True,
        help_text=_("A few words for the case lists, e.g. “Deferral before H&C, two children”."),
    )
    principal_name = models.CharField(
        _("principal person"), max_length=310, blank=True, editable=False
    )
    # What search matches, kept by services (casework.cases.search).
    search_text = models.TextField(blank=True, editable=False)
    summary = models.TextField(_("summary"), max_length=4000)
    grounds = models.TextField(
        _("grounds"),
        blank=True,
        max_length=8000,
        help_text=_("Best interests of the child, medical condition, risk on return..."),
    )
    requested_action = models.TextField(
        _("requested action"),
        blank=True,
        max_length=2000,
        help_text=_("What exactly the council should ask the government to do."),
    )
    correspondence_language = models.CharField(
        _("correspondence language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    deadline = models.DateField(
        _("legal deadline"),
        null=True,
        blank=True,
        help_text=_("The next deadline that matters (e.g. judicial review, PRRA, decision)."),
    )
    deadline_note = models.CharField(_("what the deadline is for"), max_length=200, blank=True)
    # The earliest unmet deadline of the case, manual or derived (see casework.cases.deadlines),
    # kept by services._save so lists sort on a column instead of a subquery. None once the case
    # is finished.
    next_deadline = models.DateField(
        _("next deadline"), null=True, blank=True, editable=False, db_index=True
    )

    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.ROUTINE, db_index=True
    )
    urgency_override = models.PositiveSmallIntegerField(
        _("urgency override"), choices=Urgency.choices, null=True, blank=True
    )
    urgency_override_reason = models.CharField(
        _("reason for the override"), max_length=500, blank=True
    )

    escalation_target = models.CharField(
        _("escalated to"), max_length=10, choices=Agency.choices, blank=True
    )
    escalation_sent_on = models.DateField(_("date sent"), null=True, blank=True)
    government_reference = models.CharField(_("government reference"), max_length=60, blank=True)
    response_received_on = models.DateField(_("response received on"), null=True, blank=True)
    response_summary = models.TextField(_("government response"), blank=True, max_length=4000)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    # The latest message of each side of the conversation (a note not kept for the council):
    # what the lists compare with each reader's CaseRead to mark a case unread.
    member_message_at = models.DateTimeField(null=True, blank=True, editable=False)
    council_message_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Set once the retention period is over and the personal data is gone (casework.cases.privacy).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # The case's workflow process (flows/), which names its case through a generic reference: no
    # column, so the task inbox joins task, process and case once (flows.selectors.inbox).
    processes = GenericRelation(
        "viewflow.Process",
        content_type_field="artifact_content_type",
        object_id_field="artifact_object_id",
        related_query_name="case",
    )

    class Meta:
        ordering = [
            "urgency", F("next_deadline").asc(nulls_last=True), "-submitted_at", "-id"
        ]  # fmt: skip
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("view_submitted_case", _("Can see every submitted case")),
            ("triage_case", _("Can triage, escalate and close cases")),
            ("view_internal_note", _("Can read council-internal notes")),
            ("share_case", _("Can share a case with a named user")),
            ("view_statistics", _("Can see statistics with small counts hidden")),
            ("view_internal_statistics", _("Can see statistics with every count")),
            ("reopen_case", _("Can reopen a closed, declined or withdrawn case")),
        ]
        # The list's filters, each followed by its sort (urgency, then next deadline), so a
        # filtered first page reads 25 index entries. Text search uses trigram indexes that
        # exist on PostgreSQL only (migration 0003_list_indexes).
        indexes = [
            models.Index(fields=["urgency", "next_deadline"], name="case_queue_idx"),
            models.Index(fields=["organisation", "status"], name="case_org_status_idx"),
            models.Index(fields=["kind", "status"], name="case_kind_status_idx"),
            models.Index(
                fields=["status", "urgency", "next_deadline"], name="case_status_queue_idx"
            ),
            models.Index(fields=["kind", "urgency", "next_deadline"], name="case_kind_queue_idx"),
            models.Index(
                fields=["organisation", "urgency", "next_deadline"], name="case_org_queue_idx"
            ),
            # The task inbox reaches the case from its process, whose artifact_object_id is an
            # integer column: the join compares it with the id cast to integer, which only an
            # index on that expression serves (flows.selectors.section_tasks).
            models.Index(Cast("id", models.IntegerField()), name="case_id_as_integer_idx"),
            # The dashboard's counts of the submitted cases by status, kind and urgency, and of
            # the open ones by organisation, read from this index alone (an index-only scan, a
            # tenth of the table's pages) instead of the whole table.
            models.Index(
                fields=["status", "kind", "urgency", "organisation"],
                condition=models.Q(submitted_at__isnull=False),
                name="case_submitted_counts_idx",
            ),
            # The cases with a message from either side, for "unread" lists (Today): most cases
            # have none, and a partial index holds only those that have one.
            *(
                models.Index(
                    fields=[column],
                    condition=models.Q(**{f"{column}__isnull": False}),
                    name=f"case_{column.removesuffix('_at')}_idx",
                )
                for column in ("member_message_at", "council_message_at")
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return case_url(self.reference)

    @property
    def is_family(self) -> bool:
        return self.kind in FAMILY_KINDS

    @property
    def is_removal(self) -> bool:
        return self.kind in REMOVAL_KINDS

    @property
    def agency(self) -> str:
        """The agency a case of this kind is raised with, unless the council chooses another."""
        return Agency.CBSA if self.kind in CBSA_KINDS else Agency.IRCC

    def clean(self):
        """The case's own dates in their order: nothing happens before what it answers."""
        errors = {}
        submitted_on = (
            timezone.localtime(self.submitted_at, timezone.get_default_timezone()).date()
            if self.submitted_at
            else None
        )
        if self.escalation_sent_on and submitted_on and self.escalation_sent_on < submitted_on:
            errors["escalation_sent_on"] = _(
                "The escalation cannot be sent before the case was submitted, on %(date)s."
            ) % {"date": date_display(submitted_on, "DATE_FORMAT")}
        if (
            self.response_received_on
            and self.escalation_sent_on
            and self.response_received_on < self.escalation_sent_on
        ):
            errors["response_received_on"] = _(
                "The response cannot be received before the case was escalated, on %(date)s."
            ) % {"date": date_display(self.escalation_sent_on, "DATE_FORMAT")}
        if errors:
            raise ValidationError(errors)

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def was_submitted(self) -> bool:
        return self.submitted_at is not None

    def submission_problems(self) -> list[str]:
        """What must be filled in before the council can look at the case."""
        problems = []
        if not self.summary.strip():
            problems.append(_("Write a summary of the case."))
        if not self.people.exists():
            problems.append(_("Add at least one person concerned by the case."))
        if self.is_removal and not hasattr(self, "removal"):
            problems.append(_("Add the removal details (date, place, detention)."))
        return problems

    def _is_complete(self) -> bool:
        return not self.submission_problems()

    def _urgent_enough_to_skip_review(self) -> bool:
        return self.status == Status.ACCEPTED or (
            self.is_removal and self.urgency == Urgency.CRITICAL
        )

    # Transitions, in the order the case page offers them. Each sets the facts that belong to
    # the state change; its service (casework.cases.services.case_<name>) checks the rules,
    # records the event and saves. Each target state lists its reverse where one exists.

    @transition(
        status,
        Status.DRAFT,
        Status.SUBMITTED,
        conditions=[_is_complete],
        custom=_declare(
            _("Submit to the council"), BY_ORGANISATION, writes=("submitted_at",), one_click=True
        ),
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(
        status,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        custom=_declare(_("Start review"), BY_COUNCIL, one_click=True),
    )
    def start_review(self):
        pass

    @transition(
        status,
        Status.IN_REVIEW,
        Status.INFO_REQUESTED,
        custom=_declare(_("Request information"), BY_COUNCIL, reason_required=True),
    )
    def request_info(self):
        pass  # reverse: resubmit

    @transition(
        status,
        Status.INFO_REQUESTED,
        Status.SUBMITTED,
        conditions=[_is_complete],
        custom=_declare(_("Send the information and resubmit"), BY_ORGANISATION),
    )
    def resubmit(self):
        pass

    @transition(
        status,
        Status.IN_REVIEW,
        Status.ACCEPTED,
        custom=_declare(_("Accept"), BY_COUNCIL, one_click=True),
    )
    def accept(self):
        pass

    @transition(
        status,
        Status.IN_REVIEW,
        Status.DECLINED,
        custom=_declare(_("Decline"), BY_COUNCIL, writes=("closed_at",), reason_required=True),
    )
    def decline(self):
        self.closed_at = timezone.now()

    @transition(
        status,
        [Status.ACCEPTED, Status.SUBMITTED],
        Status.ESCALATED,
        conditions=[_urgent_enough_to_skip_review],
        custom=_declare(
            _("Escalate"),
            BY_COUNCIL,
            writes=(
                "escalation_target",
                "escalation_sent_on",
                "government_reference",
                "escalated_at",
            ),
            form="EscalateForm",
        ),
    )
    def escalate(self, *, target: str, sent_on: datetime.date, government_reference: str = ""):
        self.escalation_target = target
        self.escalation_sent_on = sent_on
        self.government_reference = government_reference
        self.escalated_at = timezone.now()

    @transition(
        status,
        Status.ESCALATED,
        Status.RESPONDED,
        custom=_declare(
            _("Record the response"),
            BY_COUNCIL,
            writes=("response_received_on", "response_summary"),
            form="RecordResponseForm",
        ),
    )
    def record_response(self, *, received_on: datetime.date, response: str):
        self.response_received_on = received_on
        self.response_summary = response

    @transition(
        status,
        Status.RESPONDED,
        Status.ESCALATED,
        custom=_declare(
            _("Follow up with the government"),
            BY_COUNCIL,
            writes=("escalated_at",),
            reason_required=True,
        ),
    )
    def follow_up(self):
        self.escalated_at = timezone.now()

    @transition(
        status,
        Status.RESPONDED,
        Status.CLOSED,
        custom=_declare(
            _("Close with an outcome"),
            BY_COUNCIL,
            writes=("outcome", "closed_at"),
            form="CloseForm",
        ),
    )
    def close(self, *, outcome: str):
        self.outcome = outcome
        self.closed_at = timezone.now()

    @transition(
        status,
        NON_TERMINAL,
        Status.WITHDRAWN,
        custom=_declare(
            _("Withdraw the case"),
            BY_ORGANISATION_OR_COUNCIL,
            writes=("outcome", "closed_at"),
            reason_required=True,
        ),
    )
    def withdraw(self):
        self.outcome = Outcome.WITHDRAWN
        self.closed_at = timezone.now()

    def _reopenable(self) -> bool:
        # The council saw it (a draft withdrawn never reached it) and its data is still there.
        return self.was_submitted and self.anonymised_at is None

    @transition(
        status,
        list(TERMINAL),
        Status.IN_REVIEW,
        conditions=[_reopenable],
        custom=_declare(
            _("Reopen the case"),
            BY_DIRECTOR,
            writes=("outcome", "closed_at"),
            reason_required=True,
        ),
    )
    def reopen(self):
        # reverse: close, decline, withdraw (the history keeps the earlier outcome)
        self.outcome = ""
        self.closed_at = None


@functools.cache
def case_transitions() -> dict[str, Transition]:
    """Every transition of the lifecycle by name, in the order the case page offers them."""
    transitions: dict[str, Transition] = {}
    # django-fsm yields them by name, one per source state (sharing their metadata): keep one
    # of each, in the order they are written in Case.
    declared = Case._meta.get_field("status").get_all_transitions(Case)
    for each in sorted(declared, key=lambda t: t.method.__code__.co_firstlineno):
        transitions.setdefault(each.name, each)
    return transitions


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A case shared with one named user."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """A case visible to an organisation (its group) or a government agency."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class ReferenceSequence(models.Model):
    """Last reference number issued per year: CCR-2026-00042 is number 42 of 2026."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month and year only")
    YEAR = "year", _("Year only")


class Person(CleanInputModelMixin, ChoiceLabels):
    class Role(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor in Canada")
        EXCLUDED_MEMBER = "excluded_member", _("Excluded family member")
        CHILD = "child", _("Child")
        REMOVAL_SUBJECT = "removal_subject", _("Person facing removal")
        OTHER_PARENT = "other_parent", _("Other parent")
        CAREGIVER = "caregiver", _("Caregiver")
        FAMILY_MEMBER = "family_member", _("Other family member")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role in the case"), max_length=30, choices=Role.choices)
    family_name = models.CharField(_("family name"), max_length=150)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    citizenship = CountryField(_("citizenship"), blank=True)
    uci = models.CharField(
        _("UCI"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("Unique client identifier: 8 or 10 digits."),
    )
    relationship = models.CharField(
        _("relationship"),
        max_length=200,
        blank=True,
        help_text=_("Relationship to the sponsor or to the person facing removal."),
    )
    # Date of birth and name without accents, case or extra spaces (identifiers.person_match_key),
    # kept by clean() so duplicate detection is one indexed lookup.
    match_key = models.CharField(max_length=320, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def uci_display(self) -> str:
        return format_uci(self.uci)

    def clean_fields(self, exclude=None):
        # Normalise before the length check: "12-3456-7890" is a valid 10-digit UCI. One that
        # cannot be normalised is reported by clean().
        if self.uci:
            with contextlib.suppress(ValidationError):
                self.uci = normalise_uci(self.uci)
        super().clean_fields(exclude)

    def clean(self):
        if self.uci:
            self.uci = normalise_uci(self.uci)
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("A date of birth cannot be in the future.")})
        self.match_key = person_match_key(self.given_names, self.family_name, self.date_of_birth)

    def age_on(self, day: datetime.date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @cached_property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18


class GovernmentFile(CleanInputModelMixin, ChoiceLabels):
    class Agency(models.TextChoices):
        IRCC = "IRCC", _("IRCC")
        CBSA = "CBSA", _("CBSA")
        IRB = "IRB", _("IRB")
        FC = "FC", _("Federal Court")

    class FileKind(models.TextChoices):
        SPONSORSHIP = "sponsorship", _("Family class sponsorship")
        HC = "hc", _("Humanitarian and compassionate (H&C) application")
        PRRA = "prra", _("Pre-removal risk assessment (PRRA)")
        TRP = "trp", _("Temporary resident permit")
        REFUGEE_CLAIM = "refugee_claim", _("Refugee claim (RPD/RAD)")
        APPEAL = "appeal", _("Immigration appeal (IAD)")
        JUDICIAL_REVIEW = "judicial_review", _("Leave and judicial review")
        STAY_MOTION = "stay_motion", _("Stay motion")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="government_files")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="government_files",
        verbose_name=_("person"),
    )
    agency = models.CharField(_("agency"), max_length=10, choices=Agency.choices)
    kind = models.CharField(_("kind of file"), max_length=20, choices=FileKind.choices)

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved or granted")
        REFUSED = "refused", _("Refused or dismissed")

    number = models.CharField(_("file number"), max_length=40)
    submitted_on = models.DateField(_("filed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # What a refusal starts: judicial review and IAD appeal windows run from the day the
    # decision (with its reasons) was received, not from the day it was made.
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    notified_on = models.DateField(
        _("decision received on"),
        null=True,
        blank=True,
        help_text=_("The day the decision, with its reasons, was received."),
    )
    decided_outside_canada = models.BooleanField(
        _("outside Canada"),
        default=False,
        help_text=_(
            "The application was made outside Canada (e.g. at a visa office): judicial review "
            "must be sought within 60 days instead of 15."
        ),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("government file")
        verbose_name_plural = _("government files")

    def __str__(self) -> str:
        return f"{self.agency} {self.number}"

    def clean(self):
        if self.notified_on and self.notified_on > timezone.localdate():
            raise ValidationError(
                {"notified_on": _("A decision cannot be received in the future.")}
            )
        if self.decided_on and self.submitted_on and self.decided_on < self.submitted_on:
            raise ValidationError(
                {"decided_on": _("A decision cannot be made before the file was filed.")}
            )
        if self.notified_on and self.decided_on and self.notified_on < self.decided_on:
            raise ValidationError(
                {"notified_on": _("A decision cannot be received before it is made.")}
            )


class Removal(CleanInputModelMixin, ChoiceLabels):
    class OrderType(models.TextChoices):
        DEPARTURE = "departure", _("Departure order")
        EXCLUSION = "exclusion", _("Exclusion order")
        DEPORTATION = "deportation", _("Deportation order")
        UNKNOWN = "unknown", _("Unknown")

    class NoticeMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        MAIL = "mail", _("By mail")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="removal")
    removal_at = models.DateTimeField(_("removal date and time"), null=True, blank=True)
    prra_notified_on = models.DateField(
        _("PRRA notice given on"),
        null=True,
        blank=True,
        help_text=_("The day CBSA gave or mailed the notice that a PRRA may be applied for."),
    )
    prra_notice_mode = models.CharField(
        _("PRRA notice given"),
        max_length=10,
        choices=NoticeMode.choices,
        blank=True,
        help_text=_(
            "If you are not sure, leave it empty: the earlier, in-person deadline is used."
        ),
    )
    location = models.CharField(_("place of removal"), max_length=200, blank=True)
    destination = CountryField(_("destination"), blank=True)
    order_type = models.CharField(
        _("removal order"), max_length=20, choices=OrderType.choices, default=OrderType.UNKNOWN
    )
    detained = models.BooleanField(_("detained"), default=False)
    detention_facility = models.CharField(_("detention facility"), max_length=200, blank=True)
    cbsa_office = models.CharField(_("CBSA office"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        # "Removals in the next 14 days" (the dashboard, the case list's filter) reads a
        # fortnight of removal days, not every removal case.
        indexes = [models.Index(fields=["removal_at"], name="removal_at_idx")]

    def __str__(self) -> str:
        return str(self.case)

    def clean(self):
        if self.prra_notified_on and self.prra_notified_on > timezone.localdate():
            raise ValidationError(
                {"prra_notified_on": _("The PRRA notice cannot be given in the future.")}
            )


class Consent(CleanInputModelMixin, ChoiceLabels):
    class Signer(models.TextChoices):
        SELF = "self", _("The person concerned")
        PARENT = "parent", _("A parent")
        GUARDIAN = "guardian", _("A legal guardian")
        COURT_ORDER = "court_order", _("Court order")

    class Instrument(models.TextChoices):
        COUNCIL_FORM = "council_form", _("Council consent form")
        IMM5475 = "imm5475", _("IMM 5475 (release of information)")
        IMM5476 = "imm5476", _("IMM 5476 (use of a representative)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("consent for"),
    )
    signed_by = models.CharField(_("signed by"), max_length=20, choices=Signer.choices)
    signer_name = models.CharField(_("name of the signer"), max_length=200, blank=True)
    instrument = models.CharField(
        _("form"), max_length=20, choices=Instrument.choices, default=Instrument.COUNCIL_FORM
    )
    covers_council = models.BooleanField(_("council may hold and process the file"), default=True)
    covers_ircc = models.BooleanField(_("may be shared with IRCC"), default=False)
    covers_cbsa = models.BooleanField(_("may be shared with CBSA"), default=False)
    signed_on = models.DateField(_("signed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_signed_by_display()} {self.signed_on}"

    def clean(self):
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("A consent cannot be signed in the future.")})
        if self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            raise ValidationError({"expires_on": _("A consent cannot expire before it is signed.")})
        if not (self.covers_council or self.covers_ircc or self.covers_cbsa):
            raise ValidationError(_("Tick at least one recipient the consent covers."))


def _document_name(instance: "Document", filename: str) -> str:
    # Random storage names: nothing about the person or the file leaks into the file system.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Document(CleanInputModelMixin, ChoiceLabels):
    class DocumentKind(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        CONSENT = "consent", _("Signed consent")
        REMOVAL_ORDER = "removal_order", _("Removal order or direction to report")
        DECISION = "decision", _("Government or tribunal decision")
        MEDICAL = "medical", _("Medical evidence")
        SCHOOL = "school", _("School records")
        CUSTODY = "custody", _("Custody order or other parent's consent")
        EVIDENCE = "evidence", _("Other evidence")
        CORRESPONDENCE = "correspondence", _("Correspondence")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(storage=PrivateStorage, upload_to=_document_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name


class Note(CleanInputModelMixin, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=8000)
    internal = models.BooleanField(
        _("council only"),
        default=False,
        help_text=_("Internal notes are never shown to the member organisation."),
    )
    # A message may carry a document (also listed with the case's documents).
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.case} note {self.pk}"


class CaseRead(models.Model):
    """When a person last opened the case page: newer messages from the other side are unread."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="case_read_uniq")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.case_id} at {self.read_at:%Y-%m-%d %H:%M}"


class DeadlineKind(models.TextChoices):
    REMOVAL = "removal", _("Removal")
    LEGAL = "legal", _("Legal deadline")
    PRRA = "prra", _("PRRA application (keeps the stay of removal)")
    JUDICIAL_REVIEW = "judicial_review", _("Application for leave and judicial review")
    APPEAL = "appeal", _("Appeal to the Immigration Appeal Division")
    FOLLOW_UP = "follow_up", _("Follow up if the government has not answered")
    AGE_OUT = "age_out", _("A child ages out")
    DETENTION_REVIEW = "detention_review", _("Detention review hearing")
    PILOT_ENDS = "pilot_ends", _("The pilot public policy ends")


# The deadlines set by law or by a court; an unmet one within 5 days makes a case high.
LEGAL_DEADLINE_KINDS = {
    DeadlineKind.LEGAL,
    DeadlineKind.DETENTION_REVIEW,
    DeadlineKind.PRRA,
    DeadlineKind.JUDICIAL_REVIEW,
    DeadlineKind.APPEAL,
}
# Deadlines that make a case at least medium when they come within so many days: a child
# ageing out within six months, the pilot public policy ending within 90 days.
WARNING_DEADLINE_DAYS = {DeadlineKind.AGE_OUT: 183, DeadlineKind.PILOT_ENDS: 90}


class CaseDeadline(ChoiceLabels):
    """One deadline of a case, as casework.cases.deadlines computes it from the facts.

    Derived data: services._save replaces a case's rows on every write, so the "due soon" list
    and the urgency recomputation read an indexed table instead of recomputing 100,000 cases.
    A finished case has none.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind of deadline"), max_length=20, choices=DeadlineKind.choices)
    # The day, in the council's time zone, for sorting and filtering; `due_at` keeps the exact
    # time of a removal, shown in the viewer's own time zone.
    due_on = models.DateField(_("due on"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    met = models.BooleanField(_("met"), default=False)
    # What the deadline concerns: the note of a manual deadline, the government file, the agency.
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", F("due_at").asc(nulls_last=True), "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [models.Index(fields=["met", "due_on"], name="deadline_due_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due_on}"

    @property
    def label(self) -> str:
        return DeadlineKind(self.kind).label

    @property
    def detail_display(self) -> str:
        """The detail in the reader's language: an agency's code is stored, its name shown.

        A legal deadline's detail is the caseworker's own note, shown as written.
        """
        agency, space, file_number = self.detail.partition(" ")
        if self.kind == DeadlineKind.LEGAL or agency not in GovernmentFile.Agency.values:
            return self.detail
        return f"{GovernmentFile.Agency(agency).label}{space}{file_number}"


EVENT_LABELS = {
    "case.created": _("created the case"),
    "case.edited": _("edited the case"),
    "case.facts_edited": _("recorded the facts of the case"),
    "case.assigned": _("changed the assignment"),
    "case.urgency_overridden": _("set the urgency by hand"),
    "case.urgency_changed": _("urgency changed as time passed"),
    "case.shared": _("shared the case"),
    "case.unshared": _("withdrew a share of the case"),
    "person.added": _("added a person"),
    "person.edited": _("edited a person"),
    "person.removed": _("removed a person"),
    "government_file.added": _("added a government file"),
    "consent.added": _("recorded a consent"),
    "document.added": _("attached a document"),
    "document.downloaded": _("downloaded a document"),
    "note.added": _("added a note"),
    "briefing.generated": _("generated a briefing"),
    "briefing.downloaded": _("downloaded a briefing"),
    "case.follow_up_due": _("raised a follow-up: no response from the government yet"),
    "duplicate.flagged": _("flagged a possible duplicate"),
    "duplicate.dismissed": _("dismissed a possible duplicate"),
    "case.linked": _("linked the case to another case"),
    "case.consent_overridden": _("escalated without a consent on file (override)"),
    "case.anonymised": _("removed the personal data at the end of the retention period"),
    "person.exported": _("exported a person's data for an access request"),
    "disclosure.made": _("disclosed to a government agency"),
    "disclosure.revoked": _("revoked a disclosure"),
    "disclosure.downloaded": _("the agency downloaded a disclosed file"),
    "escalation.added": _("escalated to another agency"),
    "escalation.response_recorded": _("recorded a government response"),
    "disclosure.send_again": _("asked for a disclosure's link to be e-mailed again"),
    "disclosure.emailed": _("e-mailed a disclosure's link to the agency"),
}

# Events that name or reveal another case: shown to council staff only
# (selectors.events_visible_to), so a member organisation never learns that another
# organisation has a case about its client.
COUNCIL_ONLY_EVENTS = {"duplicate.flagged", "duplicate.dismissed", "case.linked"}


class CaseEvent(ChoiceLabels):
    """One line of a case's history. Written by services, never changed or deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=50)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [
            # "Was it resubmitted?" (selectors.was_resubmitted) splits the triage queue in new
            # submissions and answers; asked of every submitted case, it reads this small index
            # instead of every event of each.
            models.Index(
                fields=["case"],
                condition=models.Q(action="case.resubmit"),
                name="event_resubmitted_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("case events are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("case events are immutable")

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)

    @property
    def comment_display(self) -> str:
        """The comment in the reader's language.

        A briefing's line is stored from codes ('v2 · FR · CBSA'), the same for every reader:
        it is written again from the event's data, with the language and agency named.
        """
        if not self.action.startswith("briefing.") or "number" not in self.data:
            return self.comment
        parts = [_("version %(number)s") % {"number": self.data["number"]}]
        if self.data.get("language") in Language.values:
            parts.append(str(Language(self.data["language"]).label))
        if self.data.get("recipient") in GovernmentFile.Agency.values:
            parts.append(str(GovernmentFile.Agency(self.data["recipient"]).label))
        return " · ".join(parts)

    @property
    def urgency_change(self) -> tuple[str, str] | None:
        """(from, to) labels of an urgency recomputed as time passed, for the history."""
        if self.action != "case.urgency_changed":
            return None
        try:
            return Urgency(self.data["from"]).label, Urgency(self.data["to"]).label
        except (KeyError, ValueError):
            return None


class DuplicateFlag(ChoiceLabels):
    """A person who may also be in another open case: for council staff to link or dismiss.

    Raised by services when a submitted case gains or changes a person, or is submitted. Never
    shown to member organisations: each may know only its own case.
    """

    class Reason(models.TextChoices):
        UCI = "uci", _("Same UCI")
        NAME_AND_BIRTH = "name_dob", _("Same name and date of birth")

    class Resolution(models.TextChoices):
        OPEN = "open", _("To review")
        LINKED = "linked", _("Cases linked")
        DISMISSED = "dismissed", _("Dismissed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_flags")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    other_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    resolution = models.CharField(
        _("resolution"),
        max_length=10,
        choices=Resolution.choices,
        default=Resolution.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["person", "other_person"], name="duplicate_pair_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ~ {self.other_case_id} ({self.reason})"


class CaseLink(models.Model):
    """Two cases council staff found to concern the same people. Stored once, smaller id first."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    other_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["case", "other_case"], name="case_link_uniq"),
            models.CheckConstraint(
                condition=models.Q(case__lt=models.F("other_case")), name="case_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} = {self.other_case_id}"


class SavedFilter(models.Model):
    """A user's named set of case-list filters: the list's query string, as its filter form
    cleaned it (casework.cases.services.saved_filter_create). Only its owner ever sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.name}"


class Reminder(models.Model):
    """A personal reminder ("remind me on…") about a case, due on a day.

    Only its author sees it: on Today from that day on until dismissed, and, if asked, in an
    e-mail that day naming the case reference only (casework.notifications.services).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    remind_on = models.DateField(_("remind me on"))
    note = models.CharField(_("note to yourself"), max_length=200, blank=True)
    email = models.BooleanField(_("also e-mail me that day"), default=False)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["remind_on", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(
                fields=["author", "remind_on"],
                condition=models.Q(dismissed_at__isnull=True),
                name="reminder_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_id} {self.case_id} {self.remind_on}"


# The facts of each kind of case (their own module; imported here so Django registers them).
from . import facts  # noqa: E402, F401
