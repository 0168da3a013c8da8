"""The portal's footer speaks to the agency: what was disclosed to it, by whom, and that it goes
no further without the council's consent; never the members' "do not share" notice."""

import re

import pytest
from django.urls import reverse

from casework.accounts import services as accounts
from tests.factories import client_for

from .conftest import escalate

pytestmark = pytest.mark.django_db

MEMBERS_NOTICE = "Do not share outside the council and the submitting organisation"


def footer(response) -> str:
    content = response.content.decode()
    text = re.search(r"<footer[^>]*>(.*?)</footer>", content, flags=re.S).group(1)
    return " ".join(text.split())


@pytest.fixture
def disclosed(accepted_removal, director):
    return escalate(accepted_removal, director).disclosures.get()


def test_a_disclosure_says_to_whom_by_whom_when_and_no_further(disclosed, cbsa_contact):
    page = client_for(cbsa_contact).get(reverse("disclosures:detail", args=[disclosed.pk]))

    assert footer(page) == (
        "<p>PROTECTED B. Disclosed to Canada Border Services Agency by Canadian Council for "
        "Refugees on 4 May 2026 for the purpose stated above: do not disclose further without "
        "the council's consent.</p>"
    )


def test_every_page_a_contact_reaches_drops_the_members_notice(disclosed, cbsa_contact):
    client = client_for(cbsa_contact)
    for url in (reverse("disclosures:list"), reverse("account_settings")):
        text = footer(client.get(url))
        assert MEMBERS_NOTICE not in text
        assert "Canada Border Services Agency" in text or url != reverse("disclosures:list")
        assert "do not disclose further without the council's consent" in text


def test_the_footer_speaks_french(disclosed, cbsa_contact):
    accounts.user_set_language(user=cbsa_contact, language="fr")

    text = footer(client_for(cbsa_contact).get(reverse("disclosures:detail", args=[disclosed.pk])))

    assert text.startswith("<p>PROTÉGÉ B. Communiqué à Agence des services frontaliers du Canada")
    assert "sans le consentement du Conseil" in text


def test_council_and_members_keep_their_notice(disclosed, director, caseworker):
    case = disclosed.case
    assert MEMBERS_NOTICE in footer(client_for(caseworker).get(case.get_absolute_url()))
    ledger = client_for(director).get(reverse("case_disclosures:ledger", args=[case.reference]))
    assert MEMBERS_NOTICE in footer(ledger)
