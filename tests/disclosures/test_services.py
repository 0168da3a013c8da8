"""The disclosure ledger: what a disclosure records, what it refuses, revocation."""

import pytest
from django.core.exceptions import PermissionDenied

from casework.accounts.models import Agency
from casework.audit.models import AuditEntry
from casework.cases import services as cases
from casework.cases.models import Case, Consent
from casework.disclosures import services
from casework.disclosures.models import DisclosedItem, Disclosure
from tests.factories import make_case, upload

from .conftest import escalate

pytestmark = pytest.mark.django_db


def test_it_discloses_the_escalation_record_alone_by_default(accepted_removal, director):
    case = escalate(accepted_removal, director)

    disclosure = case.disclosures.get()
    assert disclosure.agency == Agency.CBSA
    assert disclosure.requested_action == "Defer the removal."
    assert disclosure.council_contact == director
    assert disclosure.disclosed_by == director
    assert disclosure.reply_expected_on is not None
    assert disclosure.consent is not None and disclosure.override_reason == ""
    assert list(disclosure.items.all()) == []


def test_it_discloses_the_chosen_briefing_and_documents_with_their_digests(
    accepted_removal, director
):
    medical, identity = accepted_removal.documents.order_by("pk")
    briefing = accepted_removal.briefings.get()

    case = escalate(accepted_removal, director, briefing=briefing, documents=[identity])

    items = list(case.disclosures.get().items.all())
    assert [(i.position, i.kind, i.briefing, i.document) for i in items] == [
        (1, DisclosedItem.Kind.BRIEFING, briefing, None),
        (2, DisclosedItem.Kind.DOCUMENT, None, identity),
    ]
    assert [i.sha256 for i in items] == [briefing.sha256, identity.sha256]
    event = case.events.get(action="disclosure.made")
    assert event.data["documents"] == [identity.pk] and event.data["briefing"] == 1
    assert AuditEntry.objects.filter(action="disclosure.made", actor=director).count() == 1


def test_it_refuses_a_briefing_addressed_to_another_agency(accepted_removal, director):
    briefing = accepted_removal.briefings.get()  # for CBSA

    with pytest.raises(cases.CaseError, match="addressed to IRCC"):
        escalate(accepted_removal, director, target=Agency.IRCC, briefing=briefing)

    # Nothing happened: the escalation was refused with its disclosure.
    case = Case.objects.get(pk=accepted_removal.pk)
    assert case.status == "accepted"
    assert not Disclosure.objects.exists()


def test_it_refuses_a_document_of_another_case(accepted_removal, director, caseworker):
    other = make_case(caseworker)
    stranger = cases.document_add(case=other, actor=caseworker, kind="identity", upload=upload())
    case = escalate(accepted_removal, director)

    with pytest.raises(services.DisclosureError):
        services.disclosure_create(
            case=case, actor=director, agency=Agency.CBSA, documents=[stranger]
        )

    assert case.disclosures.count() == 1


def test_it_needs_the_override_when_no_consent_covers_the_agency(accepted_removal, director):
    case = escalate(accepted_removal, director)
    Consent.objects.filter(case=case).update(covers_ircc=False)
    medical = case.documents.order_by("pk").first()

    with pytest.raises(services.DisclosureError, match="No consent on file"):
        services.disclosure_create(
            case=case, actor=director, agency=Agency.IRCC, documents=[medical]
        )
    assert case.disclosures.count() == 1

    disclosure = services.disclosure_create(
        case=case,
        actor=director,
        agency=Agency.IRCC,
        documents=[medical],
        override_reason="Removal tomorrow; the client signs on Monday.",
    )
    assert disclosure.consent is None
    assert disclosure.override_reason == "Removal tomorrow; the client signs on Monday."


def test_only_council_staff_disclose(accepted_removal, director, caseworker, cbsa_contact):
    case = escalate(accepted_removal, director)
    for actor in (caseworker, cbsa_contact):
        with pytest.raises(PermissionDenied):
            services.disclosure_create(case=case, actor=actor, agency=Agency.CBSA)
    assert case.disclosures.count() == 1


def test_it_names_a_contact_of_the_agency_only(
    accepted_removal, director, ircc_contact, cbsa_contact
):
    case = escalate(accepted_removal, director)

    with pytest.raises(services.DisclosureError, match="active contact of CBSA"):
        services.disclosure_create(
            case=case, actor=director, agency=Agency.CBSA, contact=ircc_contact
        )
    named = services.disclosure_create(
        case=case, actor=director, agency=Agency.CBSA, contact=cbsa_contact
    )
    assert named.contact == cbsa_contact


def test_a_ledger_entry_cannot_be_changed_or_deleted(accepted_removal, director):
    disclosure = escalate(accepted_removal, director).disclosures.get()
    disclosure.override_reason = "rewritten"

    with pytest.raises(ValueError, match="ledger entry"):
        disclosure.save()
    with pytest.raises(ValueError, match="ledger entry"):
        disclosure.delete()


def test_revoking_keeps_both_facts(accepted_removal, director):
    disclosure = escalate(accepted_removal, director).disclosures.get()

    with pytest.raises(services.DisclosureError, match="Give a reason"):
        services.disclosure_revoke(disclosure=disclosure, actor=director, reason="  ")
    services.disclosure_revoke(disclosure=disclosure, actor=director, reason="Sent in error.")

    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    assert disclosure.is_revoked and disclosure.revocation.reason == "Sent in error."
    assert disclosure.disclosed_by == director  # the disclosure itself is unchanged
    with pytest.raises(PermissionDenied):  # once only
        services.disclosure_revoke(disclosure=disclosure, actor=director, reason="Again.")
    actions = list(disclosure.case.events.values_list("action", flat=True))
    assert actions.count("disclosure.made") == 1 and actions.count("disclosure.revoked") == 1
