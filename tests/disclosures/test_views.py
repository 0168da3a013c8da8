"""The portal (government contacts) and a case's ledger (council staff), over HTTP."""

import hashlib

import pytest
from django.urls import reverse

from casework.accounts.models import Agency
from casework.audit.models import AuditEntry
from casework.cases.models import Case, Urgency
from casework.disclosures import services
from casework.disclosures.models import Disclosure
from tests.briefings.client import fetch
from tests.factories import advance, client_for, make_case

from .conftest import escalate

pytestmark = pytest.mark.django_db


def detail_url(disclosure) -> str:
    return reverse("disclosures:detail", args=[disclosure.pk])


def item_url(disclosure, position) -> str:
    return reverse("disclosures:item", args=[disclosure.pk, position])


def ledger_url(case) -> str:
    return reverse("case_disclosures:ledger", args=[case.reference])


@pytest.fixture
def disclosed(accepted_removal, director):
    """Escalated to CBSA with the briefing and the identity document (not the medical one)."""
    medical, identity = accepted_removal.documents.order_by("pk")
    case = escalate(
        accepted_removal,
        director,
        briefing=accepted_removal.briefings.get(),
        documents=[identity],
    )
    return case.disclosures.get()


def test_it_follows_the_url_contract(disclosed):
    ref = disclosed.case.reference
    assert reverse("disclosures:list") == "/disclosures/"
    assert detail_url(disclosed) == f"/disclosures/{disclosed.pk}/"
    assert item_url(disclosed, 2) == f"/disclosures/{disclosed.pk}/items/2/"
    assert ledger_url(disclosed.case) == f"/cases/{ref}/disclosures/"


def test_signing_in_leads_a_contact_to_the_portal(disclosed, cbsa_contact):
    response = client_for(cbsa_contact).get(reverse("reports:dashboard"))
    assert response.status_code == 302 and response["Location"] == "/disclosures/"


def test_the_contact_sees_what_was_disclosed_and_nothing_else(disclosed, cbsa_contact):
    client = client_for(cbsa_contact)
    case = disclosed.case

    listing = client.get(reverse("disclosures:list"))
    assert listing.status_code == 200
    assert list(listing.context["page"].object_list) == [disclosed]

    page = client.get(detail_url(disclosed))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Defer the removal." in content  # what is asked
    assert "passport.pdf" in content and disclosed.items.all()[1].sha256 in content
    # Not disclosed: the other document, the notes, the people, the summary.
    assert "cardiology.pdf" not in content
    assert "Counsel confirms" not in content
    assert case.people.get().family_name not in content
    assert case.summary not in content
    # Every case URL answers 404, the document not disclosed among them.
    medical = case.documents.order_by("pk").first()
    for url in (
        case.get_absolute_url(),
        reverse("cases:history", args=[case.reference]),
        reverse("cases:document", args=[case.reference, medical.pk]),
        reverse("briefings:download", args=[case.reference, 1]),
        ledger_url(case),
    ):
        assert client.get(url).status_code == 404, url
    opened = AuditEntry.objects.get(action="disclosure.opened")
    assert (opened.actor, opened.case_reference) == (cbsa_contact, case.reference)


def test_the_contact_downloads_the_exact_bytes_in_the_ledger(disclosed, cbsa_contact):
    client = client_for(cbsa_contact)

    for item in disclosed.items.all():
        status, body = fetch(client, item_url(disclosed, item.position))
        assert status == 200
        assert hashlib.sha256(body).hexdigest() == item.sha256
    downloads = disclosed.case.events.filter(action="disclosure.downloaded")
    assert [e.data["item"] for e in downloads.order_by("pk")] == [1, 2]
    entries = AuditEntry.objects.filter(action="disclosure.downloaded", actor=cbsa_contact)
    assert entries.count() == 2 and all(e.ip_address for e in entries)


def test_another_agency_and_outsiders_get_404(disclosed, ircc_contact, outsider, caseworker):
    for user in (ircc_contact, outsider, caseworker):
        client = client_for(user)
        assert client.get(detail_url(disclosed)).status_code == 404
        assert client.get(item_url(disclosed, 1)).status_code == 404
    listing = client_for(ircc_contact).get(reverse("disclosures:list"))
    assert list(listing.context["page"].object_list) == []


def test_a_revoked_disclosure_is_gone_at_once(disclosed, cbsa_contact, director):
    client = client_for(cbsa_contact)
    assert client.get(detail_url(disclosed)).status_code == 200

    response = client_for(director).post(
        reverse("case_disclosures:revoke", args=[disclosed.case.reference, disclosed.pk]),
        {"reason": "The client withdrew consent."},
    )

    assert response.status_code == 302
    assert client.get(detail_url(disclosed)).status_code == 404
    assert client.get(item_url(disclosed, 1)).status_code == 404
    assert list(client.get(reverse("disclosures:list")).context["page"].object_list) == []
    ledger = client_for(director).get(ledger_url(disclosed.case)).content.decode()
    assert "The client withdrew consent." in ledger


def test_council_staff_choose_the_documents_when_escalating(accepted_removal, director):
    medical, identity = accepted_removal.documents.order_by("pk")
    client = client_for(director)
    url = reverse("cases:transition", args=[accepted_removal.reference, "escalate"])
    form = client.get(url).context["form"]
    assert form["documents"].initial in (None, [])  # nothing chosen by default

    response = client.post(
        url,
        {
            "escalate-version": accepted_removal.version,
            "escalate-target": "CBSA",
            "escalate-sent_on": "2026-05-04",
            "escalate-documents": [medical.pk, identity.pk],
        },
    )

    assert response.status_code == 302
    items = Case.objects.get(pk=accepted_removal.pk).disclosures.get().items.all()
    assert [i.document for i in items] == [medical, identity]


def test_council_staff_disclose_a_new_briefing_version_from_the_ledger(disclosed, director):
    client = client_for(director)
    case = disclosed.case
    identity = case.documents.order_by("pk").last()

    refused = client.post(ledger_url(case), {"agency": "IRCC", "briefing": case.briefings.get().pk})
    assert refused.status_code == 400  # the briefing is addressed to CBSA
    assert "addressed to IRCC" in refused.content.decode()
    response = client.post(ledger_url(case), {"agency": "IRCC", "documents": [identity.pk]})

    assert response.status_code == 302
    assert case.disclosures.filter(agency=Agency.IRCC).get().items.get().document == identity


def test_the_portal_list_costs_the_same_for_1_and_10_disclosures(
    now, caseworker, director, cbsa_contact, django_assert_max_num_queries
):
    client = client_for(cbsa_contact)

    def cases(n):
        for _ in range(n):
            case = advance(make_case(caseworker), "accepted", member=caseworker, council=director)
            services.disclosure_create(case=case, actor=director, agency=Agency.CBSA)

    cases(1)
    with django_assert_max_num_queries(8) as one:
        client.get(reverse("disclosures:list"))
    cases(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("disclosures:list"))
    assert len(response.context["page"].object_list) == 10


def test_the_portal_lists_the_most_urgent_first(now, caseworker, director, cbsa_contact):
    routine = advance(make_case(caseworker), "accepted", member=caseworker, council=director)
    urgent = advance(make_case(caseworker), "accepted", member=caseworker, council=director)
    Case.objects.filter(pk=urgent.pk).update(urgency=Urgency.CRITICAL)
    for case in (urgent, routine):
        services.disclosure_create(case=case, actor=director, agency=Agency.CBSA)

    page = client_for(cbsa_contact).get(reverse("disclosures:list")).context["page"]
    assert [d.case_id for d in page.object_list] == [urgent.pk, routine.pk]


def test_the_portal_speaks_french(disclosed, cbsa_contact):
    cbsa_contact.language = "fr"
    cbsa_contact.save(update_fields=["language"])
    content = client_for(cbsa_contact).get(detail_url(disclosed)).content.decode()
    assert "Fiche de transmission" in content and "Réponse attendue le" in content
    assert Disclosure.objects.count() == 1
