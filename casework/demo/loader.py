"""Write the demo data through the services: the same code paths, checks and history as the UI.

Every write is in one of the small functions below, one per service, so a change to a service's
signature is made here once, whatever the data holds.
"""

import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from weasyprint import HTML

from casework.accounts.models import Organisation, User
from casework.accounts.services import (
    invitation_create,
    organisation_apply,
    organisation_create,
    user_create,
)
from casework.briefings.rendering import StaticOnlyURLFetcher
from casework.briefings.services import briefing_generate
from casework.cases.models import Case, Person
from casework.cases.services import (
    TRANSITION_SERVICES,
    case_assign,
    case_create,
    case_escalation_add,
    case_facts_update,
    consent_add,
    document_add,
    government_file_add,
    government_response_record,
    note_add,
    person_add,
)
from casework.disclosures.packaging import disclosure_package_build
from casework.disclosures.services import disclosure_create

from . import schema
from .organisations import (
    ACCOUNTS,
    APPLICATION,
    COUNCIL,
    DIRECTOR,
    INVITATION,
    ORGANISATIONS,
    PASSWORD,
)
from .stories import STORIES

# The steps a story's caseworker takes unless told otherwise; the policy director takes the rest.
CASEWORKER_TRANSITIONS = {"submit", "resubmit"}


def load_demo(*, now: datetime.datetime | None = None) -> str | None:
    """Create the demo organisations, accounts, cases, an application and an invitation.

    Returns the path of the invitation's link (only its hash is stored: this is the one
    moment it is known), or None, and nothing written, when the council already exists
    (bin/serve runs this on every start).
    """
    if Organisation.objects.filter(name=COUNCIL.name).exists():
        return None
    validate_password(PASSWORD)  # the README promises this password: it must stay valid
    now = now or timezone.now()
    with transaction.atomic():
        organisations = {org: _create_organisation(org) for org in ORGANISATIONS}
        users = {
            account: _create_user(account, organisations[account.organisation])
            for account in ACCOUNTS
        }
        cases = [_tell(story, users, now) for story in STORIES]
        _apply(APPLICATION)
        token = _invite(INVITATION, users[INVITATION.by])
    # Briefings render outside any transaction (briefing_generate insists): once the cases are in.
    for story, case in zip(STORIES, cases, strict=True):
        for package in story.packages:
            _disclose_package(case, users[package.by], package)
    return reverse("accounts:invitation_accept", args=[token])


def _tell(story: schema.Story, users: dict[schema.Account, User], now: datetime.datetime) -> Case:
    caseworker = users[story.opened_by]
    case = _open_case(story, caseworker, now)
    people = {
        person.given_names: _add_person(case, caseworker, person, now) for person in story.people
    }
    for file in story.government_files:
        _add_government_file(case, caseworker, file, people[file.person], now)
    for consent in story.consents:
        _add_consent(case, caseworker, consent, people[consent.person], now)
    for document in story.documents:
        _attach(case, caseworker, document)
    if story.facts is not None:
        case = case_facts_update(
            case=case, actor=caseworker, expected_version=None, data=story.facts.on(now)
        )
    for event in story.history:
        match event:
            case schema.Step():
                case = _take_step(case, _actor(event, caseworker, users), event, now)
                if event.transition == "submit":
                    case = _date_submission(case, story, now)
            case schema.Note():
                _add_note(case, users[event.by], event)
            case schema.Assign():
                case = _assign(case, users[event.by], users[event.to])
            case schema.AskAnotherAgency():
                _ask_another_agency(case, users[event.by], event, now)
            case schema.Response():
                _respond(case, users[event.by], event, now)
            case _:
                raise TypeError(f"not a demo event: {event!r}")
    return case


def _date_submission(case: Case, story: schema.Story, now: datetime.datetime) -> Case:
    """A story told today happened in the past: its submission comes before the first day its
    later steps name (an escalation sent 40 days ago was submitted before that), as the case's
    own date rules require (Case.clean)."""
    days = [
        _on(day, now)
        for step in story.history
        if isinstance(step, schema.Step)
        for day in (step.sent_on, step.received_on)
        if day is not None
    ]
    if not days or min(days) >= timezone.localdate(case.submitted_at):
        return case
    submitted_at = timezone.make_aware(
        datetime.datetime.combine(min(days) - datetime.timedelta(days=1), datetime.time(9))
    )
    Case.objects.filter(pk=case.pk).update(submitted_at=submitted_at)
    case.refresh_from_db()
    return case


def _actor(step: schema.Step, caseworker: User, users: dict[schema.Account, User]) -> User:
    if step.by is not None:
        return users[step.by]
    return caseworker if step.transition in CASEWORKER_TRANSITIONS else users[DIRECTOR]


def _on(value: Any, now: datetime.datetime) -> Any:
    """The real date, moment or number of a Relative value; any other value as it is."""
    return value.on(now) if isinstance(value, schema.Relative) else value


def _create_organisation(org: schema.Organisation) -> Organisation:
    return organisation_create(
        name=org.name,
        kind=org.kind,
        province=org.province,
        works_in_english=org.works_in_english,
        works_in_french=org.works_in_french,
        agency=org.agency,
        name_fr=org.name_fr,
        region=org.region,
        services=org.services,
        clientele=org.clientele,
    )


def _apply(application: schema.Application) -> Organisation:
    return organisation_apply(
        actor=None,
        name=application.name,
        name_fr=application.name_fr,
        province=application.province,
        region=application.region,
        email=application.email,
        applicant_name=application.applicant_name,
        applicant_email=application.applicant_email,
        services=application.services,
        clientele=application.clientele,
        works_in_english=application.works_in_english,
        works_in_french=application.works_in_french,
    )


def _invite(invitation: schema.Invitation, by: User) -> str:
    """The invitation, sent by nobody (its link is printed instead); returns its token."""
    _invitation, token = invitation_create(
        actor=by,
        organisation=by.organisation,
        role=invitation.role,
        email=invitation.email,
        language=invitation.language,
    )
    return token


def _create_user(account: schema.Account, organisation: Organisation) -> User:
    return user_create(
        username=account.username,
        password=PASSWORD,
        organisation=organisation,
        role=account.role,
        first_name=account.first_name,
        last_name=account.last_name,
        language=account.language,
        email=account.email,
    )


def _open_case(story: schema.Story, caseworker: User, now: datetime.datetime) -> Case:
    return case_create(
        actor=caseworker,
        kind=story.kind,
        summary=story.summary,
        grounds=story.grounds,
        requested_action=story.requested_action,
        correspondence_language=story.correspondence_language,
        deadline=_on(story.deadline, now),
        deadline_note=story.deadline_note,
        removal=_removal_fields(story.removal, now) if story.removal else None,
    )


def _removal_fields(removal: schema.Removal, now: datetime.datetime) -> dict:
    return {
        "removal_at": _on(removal.removal_at, now),
        "location": removal.location,
        "destination": removal.destination,
        "order_type": removal.order_type,
        "detained": removal.detained,
        "detention_facility": removal.detention_facility,
        "cbsa_office": removal.cbsa_office,
    }


def _add_person(
    case: Case, caseworker: User, person: schema.Person, now: datetime.datetime
) -> Person:
    return person_add(
        case=case,
        actor=caseworker,
        role=person.role,
        family_name=person.family_name,
        given_names=person.given_names,
        date_of_birth=person.born.on(now),
        date_of_birth_precision=person.born.precision,
        citizenship=person.citizenship,
        uci=person.uci,
        relationship=person.relationship,
    )


def _add_government_file(
    case: Case,
    caseworker: User,
    file: schema.GovernmentFile,
    holder: Person,
    now: datetime.datetime,
) -> None:
    government_file_add(
        case=case,
        actor=caseworker,
        person=holder,
        agency=file.agency,
        kind=file.kind,
        number=_on(file.number, now),
        submitted_on=_on(file.submitted_on, now),
        decided_on=_on(file.decided_on, now),
    )


def _add_consent(
    case: Case,
    caseworker: User,
    consent: schema.Consent,
    person: Person,
    now: datetime.datetime,
) -> None:
    consent_add(
        case=case,
        actor=caseworker,
        person=person,
        signed_by=consent.signed_by,
        signer_name=consent.signer_name,
        signed_on=consent.signed_on.on(now),
        instrument=consent.instrument,
        covers_ircc=consent.covers_ircc,
        covers_cbsa=consent.covers_cbsa,
    )


def _take_step(case: Case, actor: User, step: schema.Step, now: datetime.datetime) -> Case:
    # A Step leaves None in the inputs its transition does not take.
    inputs = {
        "target": step.target,
        "sent_on": _on(step.sent_on, now),
        "government_reference": _on(step.government_reference, now),
        "received_on": _on(step.received_on, now),
        "response": step.response,
        "outcome": step.outcome,
    }
    return TRANSITION_SERVICES[step.transition](
        case=case,
        actor=actor,
        expected_version=None,  # no form that could be stale: the demo is the only writer
        comment=step.comment,
        **{name: value for name, value in inputs.items() if value is not None},
    )


def _attach(case: Case, caseworker: User, document: schema.Document) -> None:
    # A plain page, not a briefing: rendered with the briefings' static-only fetcher.
    html = f'<html lang="en"><h1>{escape(document.title)}</h1><p>{escape(document.body)}</p>'
    pdf = HTML(string=html, url_fetcher=StaticOnlyURLFetcher()).write_pdf()
    upload = SimpleUploadedFile(document.name, pdf, content_type="application/pdf")
    document_add(case=case, actor=caseworker, kind=document.kind, upload=upload)


def _ask_another_agency(
    case: Case, actor: User, event: schema.AskAnotherAgency, now: datetime.datetime
) -> None:
    case_escalation_add(
        case=case,
        actor=actor,
        agency=event.agency,
        requested_action=event.requested_action,
        sent_on=_on(event.sent_on, now),
    )


def _respond(case: Case, actor: User, event: schema.Response, now: datetime.datetime) -> None:
    escalation = case.escalations.filter(agency=event.agency).order_by("-sent_on", "-id").first()
    government_response_record(
        escalation=escalation,
        actor=actor,
        received_on=_on(event.received_on, now),
        channel=event.channel,
        decision=event.decision,
        summary=event.summary,
        officer=event.officer,
        reference=event.reference,
        next_date=_on(event.next_date, now),
    )


def _disclose_package(case: Case, actor: User, package: schema.Package) -> None:
    """A briefing version for the agency, disclosed with every document of the case: the
    package (built once the disclosure is committed) carries them as annexes."""
    briefing = briefing_generate(case=case, actor=actor, recipient=package.agency)
    disclosure = disclosure_create(
        case=case,
        actor=actor,
        agency=package.agency,
        briefing=briefing,
        documents=list(case.documents.order_by("pk")),
    )
    # Built here rather than left to the task queued on commit: the demo shows it at once
    # (building again returns the package already built).
    disclosure_package_build(disclosure=disclosure)


def _add_note(case: Case, author: User, note: schema.Note) -> None:
    note_add(case=case, actor=author, body=note.body, internal=note.internal)


def _assign(case: Case, actor: User, assignee: User) -> Case:
    return case_assign(case=case, actor=actor, assignee=assignee)
