"""Cases the tests of the case pages share."""

import pytest

from casework.cases import services
from casework.cases.models import Case, Kind, Status
from tests.factories import advance, make_case, upload


@pytest.fixture
def cbsa_case(caseworker, director, cbsa):
    """A removal case with a person and a document, escalated to CBSA."""
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    services.document_add(case=case, actor=caseworker, kind="removal_order", upload=upload())
    return advance(case, Status.ESCALATED, member=caseworker, council=director)


@pytest.fixture
def draft(caseworker):
    case = make_case(caseworker)
    services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    return Case.objects.get(pk=case.pk)
