"""Reads of the disclosure ledger: a contact's portal, a case's ledger, a person's disclosures."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from casework.accounts.models import Organisation, Role, User
from casework.cases.models import Case, CaseDeadline, CaseEvent, DeadlineKind

from . import rules
from .models import DisclosedItem, Disclosure, Escalation, GovernmentResponse


def _with_items(disclosures: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return disclosures.select_related(
        "case",
        "council_contact",
        "contact",
        "disclosed_by__membership__organisation",
        "revocation",
        "package",
    ).prefetch_related(
        Prefetch(
            "items",
            queryset=DisclosedItem.objects.select_related("briefing", "document"),
        )
    )


def disclosures_for(user: User) -> QuerySet[Disclosure]:
    """What a government contact may open: their agency's disclosures that stand (not revoked).

    Most urgent case first, then the newest. Nothing for anyone else.
    """
    agency = rules.agency_of(user) if rules.reads_disclosures_only(user) else ""
    if not agency:
        return Disclosure.objects.none()
    return _with_items(Disclosure.objects.filter(agency=agency, revocation__isnull=True)).order_by(
        "case__urgency", "-disclosed_at", "-id"
    )


def access_disclosure(user: User, pk: int) -> Disclosure:
    """The disclosure if the user may open it; 404 otherwise, as for one that does not exist."""
    disclosure = disclosures_for(user).filter(pk=pk).first()
    if disclosure is None:
        raise Http404
    return disclosure


def disclosed_item(disclosure: Disclosure, *, position: int) -> DisclosedItem:
    """An item of the disclosure whose file is still held (retention may delete it); 404
    otherwise."""
    for item in disclosure.items.all():
        if item.position == position and (item.briefing or item.document) is not None:
            return item
    raise Http404


def ledger_of(case: Case) -> QuerySet[Disclosure]:
    """Every disclosure of the case, revoked ones included, newest first (council staff)."""
    return _with_items(case.disclosures.all())


def ledger_with_deliveries(case: Case) -> list[Disclosure]:
    """The case's ledger, each disclosure with `.deliveries`: the history lines of its links
    e-mailed (delivery.py), oldest first."""
    deliveries: dict[int, list[CaseEvent]] = {}
    for event in case.events.filter(action="disclosure.emailed").order_by("at", "id"):
        deliveries.setdefault(event.data.get("id"), []).append(event)
    disclosures = list(ledger_of(case))
    for disclosure in disclosures:
        disclosure.deliveries = deliveries.get(disclosure.pk, [])
    return disclosures


def disclosures_of_cases(case_ids) -> QuerySet[Disclosure]:
    """The disclosures of these cases (an access request: everything about a person)."""
    return _with_items(Disclosure.objects.filter(case_id__in=case_ids)).order_by(
        "case_id", "disclosed_at", "id"
    )


def escalations_of(case: Case) -> QuerySet[Escalation]:
    """The case's escalations, first sent first, with their responses (council staff).

    Ordered by their own columns: the models' orderings start with the case (and the
    escalation), which joined the case to sort one case's rows by its urgency. No account is
    read with them: no page that lists them names who escalated or recorded an answer."""
    responses = GovernmentResponse.objects.order_by("received_on", "id")
    return case.escalations.prefetch_related(Prefetch("responses", queryset=responses)).order_by(
        "sent_on", "id"
    )


def reply_expected_on(case: Case, escalation: Escalation | None = None):
    """When the council expects the agency's answer: the escalation's own date, else its
    follow-up day (the case's, for a disclosure without an escalation)."""
    if escalation is not None and escalation.reply_expected_on is not None:
        return escalation.reply_expected_on
    deadlines = CaseDeadline.objects.filter(case=case, kind=DeadlineKind.FOLLOW_UP, met=False)
    if escalation is not None:
        deadlines = deadlines.filter(detail=escalation.agency)
    return deadlines.values_list("due_on", flat=True).first()


def link_recipients(agency: str, contact_id: int | None) -> QuerySet[User]:
    """Whom a disclosure's link is e-mailed to: its named contact, else every active contact
    of the agency; only accounts with an e-mail address."""
    recipients = User.objects.filter(
        is_active=True,
        membership__role=Role.GOVERNMENT_CONTACT,
        membership__organisation__kind=Organisation.Kind.GOVERNMENT,
        membership__organisation__agency=agency,
    ).exclude(email="")
    if contact_id is not None:
        recipients = recipients.filter(pk=contact_id)
    return recipients.select_related("membership__organisation").order_by("pk")


def linked_disclosure(pk: int) -> Disclosure | None:
    """The disclosure an e-mailed link names, revoked or not (the link's view decides)."""
    return Disclosure.objects.select_related("case", "revocation").filter(pk=pk).first()


def link_recipient(pk: int) -> User | None:
    """The account an e-mailed link was signed for, as the rules read it."""
    return User.objects.select_related("membership__organisation").filter(pk=pk).first()
