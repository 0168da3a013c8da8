"""Writes to the disclosure ledger: disclose, revoke, record what the agency opened; the rows
of an escalation and of a government response (the case's services take them in turn:
casework.cases.services.case_escalate, case_escalation_add, government_response_record).

Each service is atomic, names the fields it accepts (keyword-only, typed), refuses with
PermissionDenied when casework.disclosures.rules says no and with DisclosureError (a message for
the user) when the request cannot be carried out; nothing is written then. Every disclosure and
revocation is a line of the case's history and an entry of the audit log (history.record).
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.accounts.models import Agency, Role, User
from casework.audit.models import Action
from casework.audit.services import audit_record
from casework.briefings.models import Briefing
from casework.cases.history import record
from casework.cases.models import Case, Document
from casework.cases.selectors import covering_consents
from casework.dates import date_display
from casework.inputs import clean_text, date_error

from . import rules, selectors, tasks
from .models import (
    DisclosedItem,
    Disclosure,
    DisclosureRevocation,
    Escalation,
    GovernmentResponse,
)


class DisclosureError(Exception):
    """A disclosure that cannot be made or revoked as asked; the message is for the user."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_items(
    case: Case, agency: str, briefing: Briefing | None, documents: Sequence[Document]
) -> None:
    if briefing is not None and (briefing.case_id != case.pk or briefing.recipient != agency):
        raise DisclosureError(
            _("Choose a briefing version of this case addressed to %(agency)s.")
            % {"agency": agency}
        )
    if any(document.case_id != case.pk for document in documents):
        raise DisclosureError(_("Choose documents of this case only."))
    if len({document.pk for document in documents}) != len(documents):
        raise DisclosureError(_("Choose each document once."))


def _check_contact(agency: str, contact: User | None) -> None:
    if contact is not None and not (
        contact.is_active
        and contact.role == Role.GOVERNMENT_CONTACT
        and rules.agency_of(contact) == agency
    ):
        raise DisclosureError(
            _("The named contact must be an active contact of %(agency)s.") % {"agency": agency}
        )


@transaction.atomic
def disclosure_create(
    *,
    case: Case,
    actor: User,
    agency: str,
    documents: Sequence[Document] = (),
    briefing: Briefing | None = None,
    contact: User | None = None,
    override_reason: str = "",
    channel: str = Disclosure.Channel.EMAIL,
    escalation: Escalation | None = None,
) -> Disclosure:
    """Disclose to the agency the escalation record, and the items chosen (none by default).

    The record is the escalation's (by default the case's latest to the agency, if any).

    Delivered by e-mail (`channel`): once committed, its recipients (the named contact, else
    the agency's active contacts: selectors.link_recipients) are e-mailed a link to it
    (delivery.py). With nobody to e-mail, or `channel` "portal", it waits in the agency's portal
    and the ledger says so.

    Needs a consent in force covering the agency, or `override_reason` (council staff's
    override, kept in the ledger and the history). Documents belong to the case, not to one
    person: the consents on the case decide for all of them.
    """
    _require(rules.can_disclose(actor, case))
    if agency not in Agency.values:
        raise DisclosureError(_("Choose IRCC or CBSA."))
    if channel not in Disclosure.Channel.values or channel == Disclosure.Channel.MIGRATED:
        raise DisclosureError(_("Choose how the disclosure is delivered."))
    documents = list(documents)
    _check_items(case, agency, briefing, documents)
    if escalation is None:
        escalation = case.escalations.filter(agency=agency).order_by("-sent_on", "-id").first()
    elif escalation.case_id != case.pk or escalation.agency != agency:
        raise DisclosureError(
            _("Choose an escalation of this case to %(agency)s.") % {"agency": agency}
        )
    _check_contact(agency, contact)
    override_reason = clean_text(override_reason).strip()
    consent = covering_consents(case, agency).first()
    if (
        channel == Disclosure.Channel.EMAIL
        and not selectors.link_recipients(agency, contact and contact.pk).exists()
    ):
        channel = Disclosure.Channel.PORTAL
    if consent is None and not override_reason:
        raise DisclosureError(
            _(
                "No consent on file covers disclosing this case to %(agency)s: record a signed "
                "consent that covers it, or override with a reason."
            )
            % {"agency": agency}
        )
    disclosure = Disclosure.objects.create(
        case=case,
        agency=agency,
        contact=contact,
        escalation=escalation,
        requested_action=escalation.requested_action if escalation else case.requested_action,
        reply_expected_on=selectors.reply_expected_on(case, escalation),
        government_reference=escalation.government_reference if escalation else "",
        council_contact=(escalation and escalation.council_contact) or case.assigned_to or actor,
        consent=consent,
        override_reason="" if consent is not None else override_reason,
        disclosed_by=actor,
        disclosed_at=timezone.now(),
        channel=channel,
    )
    items = (
        [DisclosedItem(kind=DisclosedItem.Kind.BRIEFING, briefing=briefing, sha256=briefing.sha256)]
        if briefing
        else []
    )
    items += [
        DisclosedItem(kind=DisclosedItem.Kind.DOCUMENT, document=document, sha256=document.sha256)
        for document in documents
    ]
    for position, item in enumerate(items, start=1):
        item.disclosure = disclosure
        item.position = position
    DisclosedItem.objects.bulk_create(items)
    made = record(
        case=case,
        actor=actor,
        action="disclosure.made",
        comment=disclosure.override_reason,
        audit=Action.DISCLOSURE_MADE,
        audit_target=f"disclosure {disclosure.pk}",
        id=disclosure.pk,
        agency=agency,
        briefing=briefing.number if briefing else None,
        documents=[document.pk for document in documents],
        override=consent is None,
        channel=channel,
    )
    if channel == Disclosure.Channel.EMAIL:
        _send_links_on_commit(made.pk)
    if briefing is not None:
        # The package (briefing + annexes) is rendered once the disclosure is committed:
        # never inside the transaction.
        transaction.on_commit(lambda: tasks.build_package_soon(disclosure.pk))
    return disclosure


def _send_links_on_commit(request_event_id: int) -> None:
    # robust: a broker or mail server that fails must not turn a committed disclosure into an
    # error page; the ledger shows what was e-mailed, and staff can send it again.
    transaction.on_commit(lambda: tasks.send_links_soon(request_event_id), robust=True)


@transaction.atomic
def disclosure_send_again(*, disclosure: Disclosure, actor: User) -> Disclosure:
    """E-mail the disclosure's recipients a new link (the earlier ones work until they expire).

    For a contact who lost the e-mail or let the link expire, or a contact invited since.
    """
    disclosure = Disclosure.objects.select_for_update().select_related("case").get(pk=disclosure.pk)
    _require(rules.can_send_again(actor, disclosure))
    if not selectors.link_recipients(disclosure.agency, disclosure.contact_id).exists():
        raise DisclosureError(
            _(
                "Nobody can receive it: the named contact's account is closed, or %(agency)s "
                "has no active contact with an e-mail address. Invite one, then send it again."
            )
            % {"agency": disclosure.agency}
        )
    asked = record(
        case=disclosure.case,
        actor=actor,
        action="disclosure.send_again",
        id=disclosure.pk,
        agency=disclosure.agency,
    )
    _send_links_on_commit(asked.pk)
    return disclosure


@transaction.atomic
def disclosure_revoke(*, disclosure: Disclosure, actor: User, reason: str) -> DisclosureRevocation:
    """Withdraw the disclosure: its contact cannot open it from now on; the ledger keeps both."""
    disclosure = Disclosure.objects.select_for_update().select_related("case").get(pk=disclosure.pk)
    _require(rules.can_revoke(actor, disclosure))
    reason = clean_text(reason).strip()
    if not reason:
        raise DisclosureError(_("Give a reason: it is kept in the ledger and the case history."))
    revocation = DisclosureRevocation.objects.create(
        disclosure=disclosure, revoked_by=actor, reason=reason
    )
    record(
        case=disclosure.case,
        actor=actor,
        action="disclosure.revoked",
        comment=reason,
        audit=Action.DISCLOSURE_REVOKED,
        audit_target=f"disclosure {disclosure.pk}",
        id=disclosure.pk,
        agency=disclosure.agency,
    )
    return revocation


def disclosure_record_open(*, disclosure: Disclosure, actor: User) -> None:
    """The contact opened the disclosure: in the audit log (who, when, from where)."""
    audit_record(
        action=Action.DISCLOSURE_OPENED,
        actor=actor,
        case=disclosure.case,
        target=f"disclosure {disclosure.pk}",
    )


def disclosure_record_link_followed(*, disclosure: Disclosure, actor: User) -> None:
    """The contact followed the disclosure's e-mailed link: in the audit log (who, when, from
    where). Opening the disclosure it leads to is recorded too (disclosure_record_open)."""
    audit_record(
        action=Action.DISCLOSURE_LINK_FOLLOWED,
        actor=actor,
        case=disclosure.case,
        target=f"disclosure {disclosure.pk}",
    )


def disclosure_record_link_refused(*, disclosure: Disclosure | None) -> None:
    """A link that does not (or no longer) work was tried: on the record, as old invitation
    links are (who tries them, when, from where). `disclosure`: None when the link is not one
    of ours or has expired (only a valid, current signature is read)."""
    audit_record(
        action=Action.DISCLOSURE_LINK_REFUSED,
        case=disclosure.case if disclosure is not None else None,
        target=f"disclosure {disclosure.pk}" if disclosure is not None else "unknown link",
    )


@transaction.atomic
def disclosure_record_download(*, disclosure: Disclosure, actor: User, what: int | str) -> None:
    """The contact downloaded a disclosed file (`what`: an item's position, or "package"): in
    the history and the audit log (who, when, from where)."""
    record(
        case=disclosure.case,
        actor=actor,
        action="disclosure.downloaded",
        audit=Action.DISCLOSURE_DOWNLOADED,
        audit_target=f"disclosure {disclosure.pk} {what}",
        id=disclosure.pk,
        item=what,
    )


def _full_clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DisclosureError(" ".join(error.messages)) from error


def escalation_open(
    *,
    case: Case,
    actor: User,
    agency: str,
    sent_on: datetime.date,
    requested_action: str,
    reply_expected_on: datetime.date | None = None,
    government_reference: str = "",
) -> Escalation:
    """The row of a new request to an agency, waiting for its answer.

    Written by the case's services (case_escalate, case_escalation_add), which check who may
    escalate and write the history; call it inside their transaction.
    """
    if agency not in Agency.values:
        raise DisclosureError(_("Choose IRCC or CBSA."))
    if sent_on > timezone.localdate():
        raise DisclosureError(_("The date sent cannot be in the future."))
    if reply_expected_on is not None and reply_expected_on < sent_on:
        raise DisclosureError(_("The reply cannot be expected before the request is sent."))
    escalation = Escalation(
        case=case,
        agency=agency,
        requested_action=requested_action.strip(),
        sent_on=sent_on,
        reply_expected_on=reply_expected_on,
        government_reference=government_reference.strip(),
        council_contact=case.assigned_to or actor,
        created_by=actor,
    )
    _full_clean(escalation)
    escalation.save()
    return escalation


def response_add(
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
    by_agency: bool = False,
) -> GovernmentResponse:
    """The row of an agency's answer; the escalation is answered (its timer stops).

    Written by casework.cases.services.government_response_record, which checks who may record
    it, locks the case, writes the history and moves the case on.
    """
    if escalation.state == Escalation.State.CLOSED:
        raise DisclosureError(_("This escalation is closed: the case is finished."))
    for day in (received_on, next_date):
        if day is not None and (error := date_error(day)):
            raise DisclosureError(error)
    if received_on < escalation.sent_on:
        raise DisclosureError(
            _("The response cannot be received before the escalation was sent, on %(date)s.")
            % {"date": date_display(escalation.sent_on, "DATE_FORMAT")}
        )
    if received_on > timezone.localdate():
        raise DisclosureError(_("The response cannot be received in the future."))
    if next_date is not None and next_date < received_on:
        raise DisclosureError(_("The next date cannot be before the response was received."))
    if not clean_text(summary).strip():
        raise DisclosureError(_("Write what the agency answered."))
    response = GovernmentResponse(
        escalation=escalation,
        received_on=received_on,
        channel=channel,
        decision=decision,
        officer=officer.strip(),
        reference=reference.strip(),
        next_date=next_date,
        summary=summary.strip(),
        recorded_by=actor,
        by_agency=by_agency,
    )
    _full_clean(response)
    response.save()
    escalation.state = Escalation.State.ANSWERED
    escalation.save(update_fields=["state"])
    return response


def escalations_follow_up(*, case: Case, on: datetime.date) -> int:
    """The council followed up with the government: every answered escalation of the case
    waits for an answer again, its timer restarting from `on`. Inside the case's service."""
    return case.escalations.filter(state=Escalation.State.ANSWERED).update(
        state=Escalation.State.OPEN, followed_up_on=on
    )


def escalations_close(*, case: Case) -> int:
    """The case is finished: its escalations wait for nothing more. Inside the case's service."""
    return case.escalations.exclude(state=Escalation.State.CLOSED).update(
        state=Escalation.State.CLOSED
    )
