"""Test data, made through the real services so every case carries its events and permissions."""

import datetime
import io
import struct
import zlib
import zoneinfo
from pathlib import Path

import factory
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfWriter

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.models import Case, Kind, Outcome, Person, Status

PASSWORD = "correct horse battery staple"  # noqa: S105
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# A Monday morning in Toronto, far from a daylight-saving change (wall-clock arithmetic on
# an aware datetime would otherwise be an hour off real time); date-dependent tests freeze here.
NOW = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=TORONTO)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class PersonFields(factory.DictFactory):
    """Keyword arguments for services.person_add: an adult with a UCI."""

    role = Person.Role.SPONSOR
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = "Amina"
    date_of_birth = datetime.date(1985, 6, 15)
    uci = factory.Sequence(lambda n: f"{11110000 + n:08d}")


def consent_fields(**overrides) -> dict:
    """A council consent form signed a year ago, covering the council, IRCC and CBSA."""
    fields = {
        "signed_by": "self",
        "signer_name": "Amina Family",
        "covers_council": True,
        "covers_ircc": True,
        "covers_cbsa": True,
        "signed_on": datetime.date(2025, 5, 1),
    }
    return fields | overrides


def removal_fields(**overrides) -> dict:
    """A removal a month away: not urgent on its own."""
    fields = {
        "removal_at": timezone.now() + datetime.timedelta(days=30),
        "location": "Toronto Pearson",
        "order_type": "deportation",
    }
    return fields | overrides


def make_case(
    actor,
    *,
    kind: str = Kind.FAMILY_REUNIFICATION,
    submitted: bool = False,
    people: int = 1,
    summary: str = "Mother in Canada, two children left behind.",
    removal: dict | None = None,
    consent: bool = True,
    **fields,
) -> Case:
    """A case with `people` people and, unless `consent` is False, a consent on file that
    lets the council share it with IRCC and CBSA (escalation needs one)."""
    if kind in (Kind.REMOVAL_DEFERRAL, Kind.BORDER_INTERVENTION) and removal is None:
        removal = removal_fields()
    if removal is not None:
        fields["removal"] = removal
    case = services.case_create(actor=actor, kind=kind, summary=summary, **fields)
    for _ in range(people):
        services.person_add(case=case, actor=actor, **PersonFields())
    if consent:
        services.consent_add(case=case, actor=actor, **consent_fields())
    if submitted:
        case = act(case, actor, "submit")
    return Case.objects.get(pk=case.pk)


def act(case: Case, actor, name: str, comment: str = "", **params) -> Case:
    """Run one transition as `actor` on the case as it is now."""
    return services.TRANSITION_SERVICES[name](
        case=case, actor=actor, expected_version=None, comment=comment, **params
    )


def escalation_params(case: Case) -> dict:
    return {
        "target": Agency.CBSA if case.is_removal else Agency.IRCC,
        "sent_on": timezone.localdate(),
        "government_reference": "GOV-1",
    }


# How to reach each status: (the status before it, who acts, transition, its arguments).
_ROUTE = {
    Status.SUBMITTED: (Status.DRAFT, "member", "submit", lambda case: {}),
    Status.IN_REVIEW: (Status.SUBMITTED, "council", "start_review", lambda case: {}),
    Status.INFO_REQUESTED: (
        Status.IN_REVIEW,
        "council",
        "request_info",
        lambda case: {"comment": "Add the birth certificate."},
    ),
    Status.DECLINED: (
        Status.IN_REVIEW,
        "council",
        "decline",
        lambda case: {"comment": "Out of scope."},
    ),
    Status.ACCEPTED: (Status.IN_REVIEW, "council", "accept", lambda case: {}),
    Status.ESCALATED: (Status.ACCEPTED, "council", "escalate", escalation_params),
    Status.RESPONDED: (
        Status.ESCALATED,
        "council",
        "record_response",
        lambda case: {"received_on": timezone.localdate(), "response": "Removal deferred."},
    ),
    Status.CLOSED: (
        Status.RESPONDED,
        "council",
        "close",
        lambda case: {"outcome": Outcome.FAVOURABLE},
    ),
    Status.WITHDRAWN: (
        Status.DRAFT,
        "member",
        "withdraw",
        lambda case: {"comment": "The family moved."},
    ),
}


def advance(case: Case, status: str, *, member, council) -> Case:
    """Move a case along the main route (see _ROUTE) from where it is to `status`."""
    steps = []
    while status != case.status:
        before, who, name, params = _ROUTE[status]
        steps.append((who, name, params))
        status = before
    for who, name, params in reversed(steps):
        case = act(case, member if who == "member" else council, name, **params(case))
    return Case.objects.get(pk=case.pk)


def case_at(status: str, *, member, council, **case_fields) -> Case:
    """A case created by `member` and moved by `council` staff to `status`."""
    return advance(make_case(member, **case_fields), status, member=member, council=council)


def snapshot(case: Case) -> tuple:
    """What a refused request must leave untouched: status, version and history."""
    case = Case.objects.get(pk=case.pk)
    return case.status, case.version, case.events.count()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload(
    name: str = "passport.pdf", content: bytes | None = None, content_type: str = "application/pdf"
):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def stored_files() -> list[Path]:
    """Every file in the private document store (documents and briefings)."""
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
