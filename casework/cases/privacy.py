"""Privacy services: a person's data for an access request, and anonymisation at the end of
the retention period. Both are writes (each leaves a CaseEvent) and so live beside services.

Anonymisation keeps what the council counts (kind, status, dates, organisation, outcome, agency,
urgency, roles and citizenships of the people, kinds of government files and their decisions)
and removes everything that names or identifies someone or may describe them in free text:
names, dates of birth, UCIs, file numbers, summaries, grounds, notes, responses, reasons given
in the history, the free text and identifiers of the facts of its kind (counsel, places, CBSA
and UNHCR numbers, details), and every stored document and briefing file.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from casework.accounts.models import User
from casework.briefings.models import Briefing
from casework.disclosures.models import Disclosure, DisclosurePackage, DisclosureRevocation
from casework.disclosures.selectors import disclosures_of_cases

from . import rules
from .facts import FACTS_MODELS
from .history import record
from .identifiers import format_uci
from .models import (
    TERMINAL,
    Case,
    CaseDeadline,
    CaseEvent,
    Consent,
    Document,
    GovernmentFile,
    Note,
    Person,
    Reminder,
    Removal,
)

# Free-text and identifying fields blanked on each model; the rest is kept for statistics.
CASE_FIELDS = {
    "title": "", "principal_name": "", "search_text": "", "summary": "", "grounds": "",
    "requested_action": "", "deadline_note": "",
    "urgency_override_reason": "", "government_reference": "", "response_summary": "",
}  # fmt: skip
PERSON_FIELDS = {
    "family_name": "", "given_names": "", "date_of_birth": None, "uci": "", "relationship": "",
}  # fmt: skip
REMOVAL_FIELDS = {"location": "", "detention_facility": "", "cbsa_office": ""}


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.CASEWORK["RETENTION_DAYS"])


def cases_due_for_anonymisation(now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Finished cases closed before the retention period, not anonymised yet."""
    return Case.objects.filter(
        status__in=TERMINAL, closed_at__lt=retention_cutoff(now), anonymised_at__isnull=True
    ).order_by("closed_at", "pk")


@dataclass(frozen=True)
class AnonymisationCounts:
    """What anonymising a case removes: counts only, never the data itself."""

    reference: str
    people: int
    government_files: int
    documents: int
    briefings: int
    notes: int

    @classmethod
    def of(cls, case: Case) -> "AnonymisationCounts":
        return cls(
            reference=case.reference,
            people=case.people.count(),
            government_files=case.government_files.count(),
            documents=case.documents.count(),
            briefings=Briefing.objects.filter(case=case).count(),
            notes=case.notes.count(),
        )


@transaction.atomic
def case_anonymise(*, case: Case) -> AnonymisationCounts | None:
    """Remove the personal data of one finished case; None if it was done already.

    All or nothing: the rows change in one transaction, and the files are deleted from
    storage only once it has committed (a rollback must not leave rows pointing at nothing).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.anonymised_at is not None:
        return None
    if case.status not in TERMINAL:
        raise ValueError(f"{case.reference} is not finished")
    counts = AnonymisationCounts.of(case)
    packages = DisclosurePackage.objects.filter(disclosure__case=case)
    files = [
        *(d.file for d in case.documents.all()),
        *(b.file for b in Briefing.objects.filter(case=case)),
        *(p.file for p in packages),
    ]

    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now(), **CASE_FIELDS)
    Person.objects.filter(case=case).update(**PERSON_FIELDS)
    GovernmentFile.objects.filter(case=case).update(number="")
    Removal.objects.filter(case=case).update(**REMOVAL_FIELDS)
    for facts in FACTS_MODELS.values():
        facts.objects.filter(case=case).update(**facts.anonymised_values())
    Consent.objects.filter(case=case).update(signer_name="")
    Note.objects.filter(case=case).update(body="")
    CaseDeadline.objects.filter(case=case).update(detail="")
    # Personal reminders are their author's notes about the case: gone with it.
    Reminder.objects.filter(case=case).delete()
    # The history stays (who did what, when); the reasons people typed into it may name
    # someone. A queryset update: events are otherwise immutable, and retention is the one
    # sanctioned exception, as for the briefing versions deleted below.
    CaseEvent.objects.filter(case=case).exclude(comment="").update(comment="")
    # The ledger keeps what was disclosed, to whom, when, on which basis, and the digests; the
    # words of the escalation record and of the reasons go like the rest.
    Disclosure.objects.filter(case=case).update(
        requested_action="", government_reference="", override_reason=""
    )
    DisclosureRevocation.objects.filter(disclosure__case=case).update(reason="")
    packages.update(file="")
    Document.objects.filter(case=case).delete()
    Briefing.objects.filter(case=case).delete()
    record(
        case=case,
        actor=None,
        action="case.anonymised",
        people=counts.people,
        government_files=counts.government_files,
        documents=counts.documents,
        briefings=counts.briefings,
        notes=counts.notes,
    )
    transaction.on_commit(lambda: [file.delete(save=False) for file in files if file])
    return counts


# Access requests


def person_export(*, actor: User, uci: str = "", person_id: int | None = None) -> dict:
    """Everything held about one person, across cases, for an access request (council only).

    The person is found by UCI (every record with it) or by id (that record, and every record
    sharing its UCI). Each case concerned records the export in its history.
    """
    if not rules.can_export_person(actor):
        raise PermissionDenied
    records = Person.objects.select_related("case")
    if person_id is not None:
        uci = records.filter(pk=person_id).values_list("uci", flat=True).first() or uci
        match = Q(pk=person_id) | (Q(uci=uci) if uci else Q(pk__in=[]))
    elif uci:
        match = Q(uci=uci)
    else:
        raise ValueError("give a UCI or a person id")
    people = list(records.filter(match).order_by("case__reference", "pk"))
    cases = {person.case_id: person.case for person in people}
    with transaction.atomic():
        for case in cases.values():
            record(
                case=case,
                actor=actor,
                action="person.exported",
                people=[p.pk for p in people if p.case_id == case.pk],
            )
    return {
        "exported_at": timezone.now().isoformat(),
        "exported_by": actor.get_username(),
        "uci": format_uci(uci) if uci else "",
        "records": [_person_record(person) for person in people],
        "documents": _documents(cases),
        "disclosures": _disclosures(cases),
        "events": _events_mentioning(people),
    }


def _disclosures(cases: dict[int, Case]) -> list[dict]:
    # What the council disclosed to a government agency about the cases concerned.
    return [
        {
            "case": cases[d.case_id].reference,
            "agency": d.agency,
            "contact": d.contact.get_username() if d.contact else "",
            "disclosed_at": d.disclosed_at.isoformat(),
            "disclosed_by": d.disclosed_by.get_username() if d.disclosed_by else "",
            "channel": d.channel,
            "consent_id": d.consent_id,
            "override_reason": d.override_reason,
            "items": [
                {"kind": item.kind, "position": item.position, "sha256": item.sha256}
                for item in d.items.all()
            ],
            "revoked_at": d.revocation.revoked_at.isoformat() if d.is_revoked else None,
            "revocation_reason": d.revocation.reason if d.is_revoked else "",
        }
        for d in disclosures_of_cases(cases)
    ]


def _person_record(person: Person) -> dict:
    case = person.case
    return {
        "id": person.pk,
        "case": case.reference,
        "case_kind": case.get_kind_display(),
        "case_status": case.get_status_display(),
        "role": person.get_role_display(),
        "family_name": person.family_name,
        "given_names": person.given_names,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "date_of_birth_precision": person.date_of_birth_precision,
        "citizenship": str(person.citizenship.name) if person.citizenship else "",
        "uci": format_uci(person.uci) if person.uci else "",
        "relationship": person.relationship,
        "government_files": [
            {
                "agency": f.agency,
                "kind": f.get_kind_display(),
                "number": f.number,
                "submitted_on": f.submitted_on.isoformat() if f.submitted_on else None,
                "decided_on": f.decided_on.isoformat() if f.decided_on else None,
                "decision": f.decision,
            }
            for f in person.government_files.all()
        ],
        "consents": [
            {
                "signed_by": c.get_signed_by_display(),
                "signer_name": c.signer_name,
                "form": c.get_instrument_display(),
                "covers_council": c.covers_council,
                "covers_ircc": c.covers_ircc,
                "covers_cbsa": c.covers_cbsa,
                "signed_on": c.signed_on.isoformat(),
                "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            }
            for c in person.consents.all()
        ],
    }


def _documents(cases: dict[int, Case]) -> list[dict]:
    # Documents are attached to a case, not a person: every document of the cases concerned.
    return [
        {
            "case": cases[d.case_id].reference,
            "id": d.pk,
            "kind": d.get_kind_display(),
            "file_name": d.original_name,
            "content_type": d.content_type,
            "size": d.size,
            "sha256": d.sha256,
            "uploaded_at": d.uploaded_at.isoformat(),
        }
        for d in Document.objects.filter(case__in=cases).order_by("case_id", "pk")
    ]


def _events_mentioning(people: list[Person]) -> list[dict]:
    ids = [person.pk for person in people]
    events = (
        CaseEvent.objects.filter(
            Q(action__startswith="person.", data__id__in=ids)
            | Q(action="person.exported", case__in={p.case_id for p in people})
        )
        .select_related("case", "actor")
        .order_by("at", "pk")
    )
    return [
        {
            "case": event.case.reference,
            "at": event.at.isoformat(),
            "by": event.actor.get_username() if event.actor else "",
            "action": str(event.label),
        }
        for event in events
    ]
