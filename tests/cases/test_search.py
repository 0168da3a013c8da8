"""Search as people type: accents, case and word order ignored; names, references, UCIs and
government file numbers; on SQLite and PostgreSQL alike (CI runs both)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from casework.cases import services
from casework.cases.models import Case, Person
from casework.cases.search import search_condition, search_normalise
from casework.cases.selectors import CaseFilters, case_list
from tests.factories import client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def morales(caseworker):
    case = make_case(caseworker, people=0, title="Mother in Montréal, two sons abroad")
    services.person_add(
        case=case,
        actor=caseworker,
        role=Person.Role.SPONSOR,
        given_names="Lucía",
        family_name="Morales Castaño",
        uci="1234567890",
    )
    services.government_file_add(
        case=case, actor=caseworker, agency="IRCC", kind="sponsorship", number="f123456789"
    )
    services.government_file_add(
        case=case, actor=caseworker, agency="FC", kind="judicial_review", number="IMM-4321-26"
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def warsame(caseworker):
    case = make_case(caseworker, people=0)
    services.person_add(
        case=case,
        actor=caseworker,
        role=Person.Role.SPONSOR,
        given_names="Yusuf",
        family_name="Warsame",
        uci="87654321",
    )
    return Case.objects.get(pk=case.pk)


def found(user, text) -> set[str]:
    return {case.reference for case in case_list(user, CaseFilters(text=text))}


@pytest.mark.parametrize(
    "text",
    [
        "Lucia",  # the record says Lucía
        "castano LUCIA",  # word order and case
        "  MORALES   castaño ",
        "mora cast",  # the beginnings of names
        "ales",  # any part of a name
        "montreal",  # the short title, without its accent
        "12-3456-7890",  # the UCI as printed
        "12 3456 7890",
        "3456",  # part of a UCI
        "F123456789",  # an IRCC application number, any case
        "IMM-4321-26",  # a Federal Court docket
        "imm 4321 26",
    ],
)
def test_it_finds_the_case_whatever_way_it_is_typed(caseworker, morales, warsame, text):
    assert found(caseworker, text) == {morales.reference}


def test_it_finds_a_case_by_its_reference_or_part_of_it(caseworker, morales, warsame):
    assert found(caseworker, morales.reference.lower()) == {morales.reference}
    number = warsame.reference.split("-", 1)[1]  # "2026-00002"
    assert found(caseworker, number) == {warsame.reference}
    assert found(caseworker, "ccr") == {morales.reference, warsame.reference}


def test_every_word_must_match(caseworker, morales, warsame):
    assert found(caseworker, "Yusuf Warsame") == {warsame.reference}
    assert found(caseworker, "Yusuf Morales") == set()
    assert found(caseworker, "Smith") == set()


def test_a_short_number_matches_references_only(caseworker, morales, warsame):
    # "123" is in Lucía's UCI and file number: too short to mean either.
    assert found(caseworker, "123") == set()


def test_the_search_follows_the_people_as_they_change(caseworker, warsame):
    person = warsame.people.get()
    services.person_update(person=person, actor=caseworker, data={"family_name": "Farah"})
    assert found(caseworker, "warsame") == set()
    assert found(caseworker, "yusuf farah") == {warsame.reference}
    services.person_remove(person=person, actor=caseworker)
    assert found(caseworker, "yusuf") == set()


def test_it_never_finds_another_organisations_case(outsider, morales):
    assert found(outsider, "Lucia") == set()
    assert found(outsider, morales.reference) == set()


def test_the_list_page_searches_and_shows_who_the_case_is_about(caseworker, morales, warsame):
    page = client_for(caseworker).get("/cases/", {"q": "castano LUCIA"}).content.decode()
    assert morales.reference in page
    assert "Lucía Morales Castaño" in page
    assert warsame.reference not in page


def test_normalising_keeps_numbers_whole_and_drops_accents():
    assert search_normalise("Zoé  DUPONT 12-3456 7890") == "zoe dupont 1234567890"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL only")
def test_on_postgresql_a_trigram_index_serves_the_search(caseworker, morales):
    query = Case.objects.filter(search_condition("castano")).order_by().values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_search_text_trgm_idx" in plan


def test_its_migration_fills_the_cases_written_before(caseworker, morales):
    migration = importlib.import_module("casework.cases.migrations.0011_case_search_text")
    Case.objects.update(search_text="", principal_name="")

    migration.fill_labels_and_search_text(apps, schema_editor=None)

    case = Case.objects.get(pk=morales.pk)
    assert case.principal_name == "Lucía Morales Castaño"
    assert found(caseworker, "castano lucia imm-4321-26") == {morales.reference}
