"""Every way a contact reaches a disclosure is on the record: following the e-mailed link,
opening it, downloading an item or the package; one audit entry each, with who, when and from
where, that council staff read in the case's access history."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from casework.audit.models import Action, AuditEntry
from tests.factories import NOW, client_for

from .conftest import escalate

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.24"


@pytest.fixture
def disclosed(accepted_removal, director, cbsa_contact, django_capture_on_commit_callbacks):
    """Escalated to CBSA with the briefing and the identity document; the package built and
    the link e-mailed (once committed)."""
    medical, identity = accepted_removal.documents.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        case = escalate(
            accepted_removal,
            director,
            briefing=accepted_removal.briefings.get(),
            documents=[identity],
        )
    return case.disclosures.get()


def fetch(client, url, **extra) -> tuple[int, bytes]:
    """GET as a browser would, reading a download whole (tests/briefings/client.fetch)."""
    response = client.get(url, **extra)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def link_of(disclosure) -> str:
    (body,) = [m.body for m in mail.outbox if "/disclosures/link/" in m.body]
    return re.search(r"(/disclosures/link/[^/\s]+/)", body).group(1)


def entries(action) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_each_open_and_download_is_one_entry_with_who_when_and_where(disclosed, cbsa_contact):
    client = client_for(cbsa_contact)
    before = AuditEntry.objects.count()
    requests = [
        (link_of(disclosed), Action.DISCLOSURE_LINK_FOLLOWED, 302),
        (reverse("disclosures:detail", args=[disclosed.pk]), Action.DISCLOSURE_OPENED, 200),
        (reverse("disclosures:item", args=[disclosed.pk, 1]), Action.DISCLOSURE_DOWNLOADED, 200),
        (reverse("disclosures:item", args=[disclosed.pk, 2]), Action.DISCLOSURE_DOWNLOADED, 200),
        (reverse("disclosures:package", args=[disclosed.pk]), Action.DISCLOSURE_DOWNLOADED, 200),
    ]

    for url, _action, status in requests:
        assert fetch(client, url, REMOTE_ADDR=ADDRESS)[0] == status, url

    new = list(AuditEntry.objects.order_by("pk"))[before:]
    assert [entry.action for entry in new] == [action for _url, action, _status in requests]
    for entry in new:
        assert entry.actor == cbsa_contact and entry.username == cbsa_contact.username
        assert entry.ip_address == ADDRESS
        assert entry.at == NOW
        assert entry.case_reference == disclosed.case.reference
    assert [entry.target for entry in new[2:]] == [
        f"disclosure {disclosed.pk} 1",
        f"disclosure {disclosed.pk} 2",
        f"disclosure {disclosed.pk} package",
    ]


def test_the_listing_alone_is_not_an_opening(disclosed, cbsa_contact):
    client_for(cbsa_contact).get(reverse("disclosures:list"))

    assert entries(Action.DISCLOSURE_OPENED) == []


def test_a_refused_request_opens_nothing(disclosed, ircc_contact):
    client = client_for(ircc_contact)
    for url in (
        reverse("disclosures:detail", args=[disclosed.pk]),
        reverse("disclosures:item", args=[disclosed.pk, 1]),
        reverse("disclosures:package", args=[disclosed.pk]),
    ):
        assert client.get(url).status_code == 404

    assert entries(Action.DISCLOSURE_OPENED) == entries(Action.DISCLOSURE_DOWNLOADED) == []


def test_council_staff_read_them_in_the_case_access_history(
    disclosed, cbsa_contact, director, caseworker
):
    contact = client_for(cbsa_contact)
    contact.get(link_of(disclosed), REMOTE_ADDR=ADDRESS)
    contact.get(reverse("disclosures:detail", args=[disclosed.pk]), REMOTE_ADDR=ADDRESS)
    fetch(contact, reverse("disclosures:package", args=[disclosed.pk]), REMOTE_ADDR=ADDRESS)
    url = reverse("audit:case_access", args=[disclosed.case.reference])

    page = client_for(director).get(url)

    content = page.content.decode()
    assert page.status_code == 200
    rows = re.findall(r"<tr>.*?</tr>", content, flags=re.S)
    by_contact = [row for row in rows if cbsa_contact.display_name in row]
    assert len(by_contact) == 3
    assert all(ADDRESS in row for row in by_contact)
    for label in (
        "followed a disclosure&#x27;s e-mailed link",
        "opened a disclosure",
        "downloaded a disclosed file",
    ):
        assert any(label in row for row in by_contact), label
    # The delivery is there too, by the director who disclosed it.
    assert "e-mailed a disclosure&#x27;s link to the agency" in content
    # A member organisation does not read the access history.
    assert client_for(caseworker).get(url).status_code == 403
