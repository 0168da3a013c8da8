"""CSV exports: safe in a spreadsheet, streamed, and for council staff only."""

import csv
import io

import pytest

from casework.audit.models import Action, AuditEntry
from casework.cases import services
from casework.cases.models import Kind
from casework.reports.exports import csv_lines, safe_cell
from tests.factories import client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 514 555 0100", "'+1 514 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Zoé = ok", "Zoé = ok"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_it_neutralises_spreadsheet_formulas(value, expected):
    assert safe_cell(value) == expected


def test_it_writes_utf8_lines_after_a_byte_order_mark():
    lines = list(csv_lines([["Référence", "=1+1"]]))
    assert lines == ["\ufeff", "Référence,'=1+1\r\n"]


def test_it_exports_the_filtered_case_list_for_the_council(caseworker, outsider, director):
    removal = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True)
    make_case(caseworker, submitted=True)
    make_case(outsider, submitted=True)
    make_case(caseworker)  # a draft: the council never sees it
    services.case_assign(case=removal, actor=director, assignee=director)

    client = client_for(director)
    everything = read_csv(client.get("/cases/export.csv"))
    removals = read_csv(client.get(f"/cases/export.csv?kind={Kind.REMOVAL_DEFERRAL}"))

    assert everything[0] == [
        "Reference", "Kind", "Status", "Urgency", "Next deadline", "Organisation", "Assigned to",
    ]  # fmt: skip
    assert len(everything) == 4
    assert removals[1:] == [
        [
            removal.reference,
            str(Kind.REMOVAL_DEFERRAL.label),
            "Submitted",
            "Routine",
            removal.next_deadline.isoformat(),
            "Member A",
            "Director",
        ]
    ]


def test_it_streams_with_download_headers(director):
    response = client_for(director).get("/cases/export.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    assert response["Cache-Control"] == "private, no-store"


def test_it_escapes_what_an_organisation_name_could_smuggle_in(caseworker, director, org_a):
    org_a.name = "=cmd|' /C calc'!A0"
    org_a.save(update_fields=["name"])
    make_case(caseworker, submitted=True)

    rows = read_csv(client_for(director).get("/cases/export.csv"))

    assert rows[1][5] == "'=cmd|' /C calc'!A0"


# A government contact reaches no page but the disclosure portal: 404, as for an outsider.
@pytest.mark.parametrize(
    ("persona", "refusal"), [("caseworker", 403), ("org_admin", 403), ("cbsa_contact", 404)]
)
def test_it_refuses_the_export_to_anyone_but_council_staff(request, persona, refusal):
    response = client_for(request.getfixturevalue(persona)).get("/cases/export.csv")
    assert response.status_code == refusal


def test_it_sends_anonymous_visitors_to_the_login_page(anonymous):
    assert anonymous.get("/cases/export.csv").status_code == 302


def test_it_records_each_export_in_the_audit_log_without_the_search_text(director):
    client = client_for(director)

    client.get("/cases/export.csv?kind=removal_deferral&q=Joseph")
    client.get("/reports/statistics.csv?from=2026-01-01&to=2026-04-30")

    exports = [Action.CASE_LIST_EXPORTED, Action.STATISTICS_EXPORTED]
    entries = AuditEntry.objects.filter(actor=director, action__in=exports).order_by("id")
    assert [(entry.action, entry.target) for entry in entries] == [
        (Action.CASE_LIST_EXPORTED, "case list kind=removal_deferral&q=…"),
        (Action.STATISTICS_EXPORTED, "2026-01-01..2026-04-30 internal"),
    ]
