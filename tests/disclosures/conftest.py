"""Cases escalated to an agency, built through the real services (personas: tests/conftest)."""

import pytest
from django.utils import timezone

from casework.accounts.models import Agency
from casework.briefings import rendering
from casework.briefings import services as briefings
from casework.cases import services
from casework.cases.models import Case, Kind
from tests.factories import act, advance, make_case, pdf_bytes, upload


@pytest.fixture
def fake_pdf(monkeypatch):
    # A blank PDF instead of weasyprint: rendering is tested in tests/briefings.
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())


@pytest.fixture
def accepted_removal(now, caseworker, director, fake_pdf):
    """A removal case accepted by the council: a medical report, an identity document, a note,
    and version 1 of a briefing for CBSA. The consent on file covers IRCC and CBSA."""
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, requested_action="Defer the removal.")
    for kind, name in (("medical", "cardiology.pdf"), ("identity", "passport.pdf")):
        services.document_add(case=case, actor=caseworker, kind=kind, upload=upload(name))
    services.note_add(
        case=case, actor=caseworker, body="Counsel confirms the stay motion.", internal=False
    )
    case = advance(case, "accepted", member=caseworker, council=director)
    briefings.briefing_generate(case=case, actor=director, recipient=Agency.CBSA, language="en")
    return Case.objects.get(pk=case.pk)


def escalate(case, actor, *, target=Agency.CBSA, **kwargs) -> Case:
    return act(
        case,
        actor,
        "escalate",
        target=target,
        sent_on=timezone.localdate(),
        government_reference="",
        **kwargs,
    )
