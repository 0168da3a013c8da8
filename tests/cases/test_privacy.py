"""Privacy: access-request exports and anonymisation after the retention period."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from casework.briefings import services as briefings
from casework.briefings.models import Briefing
from casework.cases import privacy, services
from casework.cases.models import Case, CaseEvent, Kind, Outcome, Reminder, Status
from tests.factories import NOW, PersonFields, advance, make_case, stored_files, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

SEVEN_YEARS_LATER = NOW + datetime.timedelta(days=7 * 365 + 1)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def closed_case(caseworker, director, cbsa):
    """A removal case with everything that can hold personal data, closed on NOW."""
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, people=0, summary="Ms Haddad, Syria.")
    person = services.person_add(
        case=case, actor=caseworker, **PersonFields(family_name="Haddad", uci="1234567890")
    )
    services.government_file_add(
        case=case, actor=caseworker, agency="IRCC", kind="hc", number="E123456789", person=person
    )
    services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    services.note_add(case=case, actor=caseworker, body="Ms Haddad called.", internal=False)
    services.reminder_add(
        case=case, actor=caseworker, remind_on=timezone.localdate(), note="Call Ms Haddad."
    )
    services.case_facts_update(
        case=case,
        actor=caseworker,
        expected_version=None,
        data={"counsel_name": "Me Roy", "cbsa_client_id": "87654321", "travel_document": "valid",
              "deferral_filed_on": datetime.date(2026, 4, 1), "deferral_officer": "Officer 9"},
    )  # fmt: skip
    case = advance(Case.objects.get(pk=case.pk), Status.ESCALATED, member=caseworker,
                   council=director)  # fmt: skip
    briefings.briefing_generate(case=case, actor=director, language="en")
    case = advance(case, Status.CLOSED, member=caseworker, council=director)
    return Case.objects.get(pk=case.pk)


def test_it_anonymises_a_case_closed_longer_ago_than_the_retention_period(
    closed_case, time_machine, settings, django_capture_on_commit_callbacks
):
    assert len(stored_files()) == 2  # the document and the briefing
    time_machine.move_to(SEVEN_YEARS_LATER)

    with django_capture_on_commit_callbacks(execute=True):
        output = run("anonymise_closed_cases")

    assert output.splitlines() == [
        f"{closed_case.reference}: 1 people, 1 government files, 1 documents, 1 briefings, 1 notes",
        "1 case(s) anonymised.",
    ]
    case = Case.objects.get(pk=closed_case.pk)
    assert case.anonymised_at is not None
    # Anonymous statistics stay.
    assert (case.kind, case.status, case.outcome, case.organisation_id) == (
        Kind.REMOVAL_DEFERRAL,
        Status.CLOSED,
        Outcome.FAVOURABLE,
        closed_case.organisation_id,
    )
    assert (case.escalation_target, case.closed_at) == ("CBSA", closed_case.closed_at)
    person = case.people.get()
    assert (person.family_name, person.given_names, person.uci, person.date_of_birth) == (
        "", "", "", None,
    )  # fmt: skip
    assert person.role == "sponsor"
    assert (case.summary, case.grounds, case.government_reference) == ("", "", "")
    assert case.government_files.get().number == ""
    assert case.removal.location == ""
    facts = case.removal_facts
    assert (facts.counsel_name, facts.cbsa_client_id, facts.deferral_officer) == ("", "", "")
    assert (facts.travel_document, facts.deferral_filed_on) == ("valid", datetime.date(2026, 4, 1))
    assert case.consents.get().signer_name == ""
    assert case.notes.get().body == ""
    assert not Reminder.objects.filter(case=case).exists()
    assert not case.events.exclude(comment="").exists()
    assert not case.documents.exists() and not Briefing.objects.filter(case=case).exists()
    assert stored_files() == []
    event = case.events.get(action="case.anonymised")
    assert event.actor is None and event.data["documents"] == 1


def test_it_leaves_recent_and_open_cases_alone(closed_case, caseworker, time_machine):
    open_case = make_case(caseworker)
    time_machine.move_to(SEVEN_YEARS_LATER - datetime.timedelta(days=2))
    assert run("anonymise_closed_cases").strip() == "0 case(s) anonymised."
    time_machine.move_to(SEVEN_YEARS_LATER)
    run("anonymise_closed_cases")
    open_case.refresh_from_db()
    assert open_case.anonymised_at is None and open_case.people.get().family_name


def test_the_retention_period_is_a_setting(closed_case, time_machine, settings):
    settings.CASEWORK = settings.CASEWORK | {"RETENTION_DAYS": 30}
    time_machine.move_to(NOW + datetime.timedelta(days=31))
    assert "1 case(s) anonymised." in run("anonymise_closed_cases")


def test_a_dry_run_lists_counts_without_personal_data_and_changes_nothing(
    closed_case, time_machine, settings
):
    time_machine.move_to(SEVEN_YEARS_LATER)
    events = CaseEvent.objects.count()

    output = run("anonymise_closed_cases", "--dry-run")

    assert closed_case.reference in output
    assert "1 case(s) would be anonymised." in output
    for personal in ("Haddad", "1234567890", "E123456789", "Amina"):
        assert personal not in output
    case = Case.objects.get(pk=closed_case.pk)
    assert case.anonymised_at is None and case.people.get().family_name == "Haddad"
    assert CaseEvent.objects.count() == events
    assert len(stored_files()) == 2


def test_it_is_idempotent(closed_case, time_machine):
    time_machine.move_to(SEVEN_YEARS_LATER)
    run("anonymise_closed_cases")
    events = CaseEvent.objects.count()
    assert run("anonymise_closed_cases").strip() == "0 case(s) anonymised."
    assert privacy.case_anonymise(case=closed_case) is None
    assert CaseEvent.objects.count() == events


def test_a_failure_leaves_the_case_and_its_files_as_they_were(
    closed_case, time_machine, settings, monkeypatch, django_capture_on_commit_callbacks
):
    time_machine.move_to(SEVEN_YEARS_LATER)

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(privacy, "record", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        run("anonymise_closed_cases")
    case = Case.objects.get(pk=closed_case.pk)
    assert case.anonymised_at is None and case.summary == "Ms Haddad, Syria."
    assert case.people.get().family_name == "Haddad"
    assert case.documents.count() == 1
    assert len(stored_files()) == 2


# Access requests


def test_it_exports_a_persons_records_across_cases_by_uci(caseworker, director, tmp_path):
    first = make_case(caseworker, people=0)
    second = make_case(caseworker, people=0, kind=Kind.SEPARATED_CHILD)
    for case in (first, second):
        services.person_add(
            case=case, actor=caseworker, **PersonFields(family_name="Haddad", uci="12345678")
        )
    services.person_add(case=second, actor=caseworker, **PersonFields(family_name="Other"))
    services.document_add(case=first, actor=caseworker, kind="identity", upload=upload())
    target = tmp_path / "export.json"

    run("export_person", "--actor", director.username, "--uci", "1234-5678", "--output", target)

    export = json.loads(target.read_text())
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert export["uci"] == "1234-5678"
    assert [(r["case"], r["family_name"]) for r in export["records"]] == [
        (first.reference, "Haddad"),
        (second.reference, "Haddad"),
    ]
    assert [d["case"] for d in export["documents"]] == [first.reference]
    assert {e["action"] for e in export["events"]} >= {"added a person"}
    assert "Other" not in target.read_text()
    for case in (first, second):
        event = case.events.get(action="person.exported")
        assert event.actor == director


def test_it_exports_by_person_id(caseworker, director):
    case = make_case(caseworker)
    person = case.people.get()
    export = json.loads(run("export_person", "--actor", director.username, "--person", person.pk))
    assert [r["id"] for r in export["records"]] == [person.pk]


def test_only_council_staff_may_export(caseworker, director):
    case = make_case(caseworker)
    events = case.events.count()
    with pytest.raises(CommandError, match="Only council staff"):
        run("export_person", "--actor", caseworker.username, "--person", case.people.get().pk)
    assert case.events.count() == events


def test_it_refuses_a_malformed_uci(director):
    with pytest.raises(CommandError, match="8 or 10 digits"):
        run("export_person", "--actor", director.username, "--uci", "12<script>")
