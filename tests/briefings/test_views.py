"""Briefing pages: who may list, generate and download which versions."""

import pytest
from django.urls import reverse

from casework.accounts.models import Agency
from casework.briefings import rendering, services, tasks
from casework.briefings.models import Briefing
from tests.factories import client_for, pdf_bytes

from .client import download_url, fetch, list_url
from .pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())


def generate(case, actor, **kwargs) -> Briefing:
    return services.briefing_generate(case=case, actor=actor, language="en", **kwargs)


def test_it_follows_the_url_contract(removal_case):
    ref = removal_case.reference
    assert list_url(removal_case) == f"/cases/{ref}/briefings/"
    assert download_url(removal_case, 2) == f"/cases/{ref}/briefings/2.pdf"


def test_it_generates_a_french_briefing_from_the_ui_and_lists_it(family_case, director):
    client = client_for(director)

    page = client.get(list_url(family_case))
    assert page.status_code == 200
    assert page.context["form"] is not None
    assert page.context["form"]["recipient"].initial == Agency.IRCC

    response = client.post(
        list_url(family_case),
        {"recipient": "IRCC", "language": "fr", "shared_with_organisation": "on"},
        follow=True,
    )

    assert response.redirect_chain == [(list_url(family_case), 302)]
    briefing = family_case.briefings.get()
    assert (briefing.number, briefing.language, briefing.recipient) == (1, "fr", "IRCC")
    assert briefing.shared_with_organisation
    content = response.content.decode()
    assert "Version 1 of the briefing is ready." in content
    assert download_url(family_case, 1) in content
    assert briefing.sha256[:12] in content

    status, data = fetch(client, download_url(family_case, 1))
    assert status == 200
    text = pdf_text(data)
    assert "PROTÉGÉ B" in text
    assert "Note d'information" in text
    assert "Direction générale du règlement des cas d'IRCC" in text
    assert "Chantal Tremblay-Nkosi" in text
    assert "Page 1 de" in text

    detail = client.get(family_case.get_absolute_url()).content.decode()
    assert list_url(family_case) in detail
    assert "1 version" in detail
    assert "generated a briefing" in detail


def test_it_generates_a_removal_briefing_from_the_ui_in_the_default_language(
    removal_case, director
):
    client = client_for(director)

    response = client.post(list_url(removal_case), {"recipient": "CBSA", "language": ""})

    assert response.status_code == 302
    briefing = removal_case.briefings.get()
    # No CBSA contact has an account: the case's correspondence language.
    assert (briefing.language, briefing.recipient) == ("en", "CBSA")
    status, data = fetch(client, download_url(removal_case, 1))
    text = pdf_text(data)
    assert "PROTECTED B" in text
    assert "Amina Haddad" in text
    assert "Removal" in text


def test_it_lets_the_case_organisation_download_shared_versions_but_not_generate(
    removal_case, director, caseworker, colleague, fake_pdf
):
    generate(removal_case, director)
    generate(removal_case, director, shared_with_organisation=False)
    client = client_for(caseworker)

    page = client.get(list_url(removal_case))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert [b.number for b in page.context["briefings"]] == [1]
    assert download_url(removal_case, 2) not in page.content.decode()

    assert client.post(list_url(removal_case), {"recipient": "CBSA"}).status_code == 403
    assert removal_case.briefings.count() == 2

    response = client.get(download_url(removal_case, 1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{removal_case.reference}-briefing-v1-en.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()
    # Not shared with the organisation: as if it did not exist.
    assert fetch(client, download_url(removal_case, 2))[0] == 404
    assert fetch(client_for(colleague), download_url(removal_case, 1)) == (200, pdf_bytes())
    downloads = removal_case.events.filter(action="briefing.downloaded")
    assert [(e.actor, e.data["number"]) for e in downloads] == [(colleague, 1), (caseworker, 1)]


def test_it_lets_council_staff_download_every_version(removal_case, director, fake_pdf):
    generate(removal_case, director, shared_with_organisation=False)

    client = client_for(director)

    assert fetch(client, download_url(removal_case, 1)) == (200, pdf_bytes())
    assert fetch(client, download_url(removal_case, 9))[0] == 404


def test_it_answers_404_to_a_government_contact_even_for_their_agency(
    removal_case, director, cbsa_contact, ircc_contact, fake_pdf
):
    # Escalated to CBSA with version 1 of the briefing addressed to it: the contact reads it
    # through the disclosure portal, never through the case's briefing pages.
    generate(removal_case, director, recipient=Agency.CBSA)
    for contact in (cbsa_contact, ircc_contact):
        client = client_for(contact)
        assert client.get(list_url(removal_case)).status_code == 404
        assert client.get(download_url(removal_case, 1)).status_code == 404
        assert client.post(list_url(removal_case), {"recipient": "CBSA"}).status_code == 404
    assert removal_case.briefings.count() == 1


def test_it_answers_404_to_an_outsider_on_every_url(removal_case, director, outsider, fake_pdf):
    generate(removal_case, director)
    client = client_for(outsider)

    assert client.get(list_url(removal_case)).status_code == 404
    assert client.post(list_url(removal_case), {"recipient": "CBSA"}).status_code == 404
    assert client.get(download_url(removal_case, 1)).status_code == 404
    assert client.get(reverse("briefings:list", args=["CCR-2026-99999"])).status_code == 404
    assert removal_case.briefings.count() == 1


def test_it_sends_anonymous_visitors_to_the_login_page(removal_case, director, anonymous, fake_pdf):
    generate(removal_case, director)
    login = reverse("login")

    for response in (
        anonymous.get(list_url(removal_case)),
        anonymous.post(list_url(removal_case), {"recipient": "CBSA"}),
        anonymous.get(download_url(removal_case, 1)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(login)
    assert removal_case.briefings.count() == 1


def test_it_rejects_other_methods(removal_case, director, fake_pdf):
    generate(removal_case, director)
    client = client_for(director)

    assert client.put(list_url(removal_case)).status_code == 405
    assert client.delete(list_url(removal_case)).status_code == 405
    assert client.post(download_url(removal_case, 1)).status_code == 405
    assert removal_case.briefings.count() == 1


def test_it_rejects_bad_input_and_changes_nothing(removal_case, director, fake_pdf):
    response = client_for(director).post(
        list_url(removal_case), {"recipient": "FBI", "language": "de"}
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"recipient", "language"}
    assert not removal_case.briefings.exists()


def test_it_queues_the_rendering_when_a_broker_is_configured(removal_case, director, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks, "runs_inline", lambda: False)
    monkeypatch.setattr(tasks.render_briefing, "delay", lambda **kwargs: queued.append(kwargs))

    response = client_for(director).post(
        list_url(removal_case), {"recipient": "CBSA", "language": ""}, follow=True
    )

    assert "The briefing is being prepared." in response.content.decode()
    assert queued == [
        {
            "case_id": removal_case.pk,
            "actor_id": director.pk,
            "recipient": "CBSA",
            "language": None,
            "shared_with_organisation": False,
        }
    ]
    assert not removal_case.briefings.exists()


def test_it_runs_the_task_with_ids(removal_case, director, fake_pdf):
    number = tasks.render_briefing.delay(
        case_id=removal_case.pk, actor_id=director.pk, language="en", recipient="CBSA"
    ).get()

    assert number == 1
    assert removal_case.briefings.get().created_by == director
