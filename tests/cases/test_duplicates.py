"""Duplicate detection: a person in two open cases is flagged to the council, and only to it."""

import datetime
import importlib

import pytest
from django.apps import apps

from casework.cases import services
from casework.cases.identifiers import normalise_name, person_match_key
from casework.cases.models import CaseEvent, CaseLink, DuplicateFlag, Person
from tests.cases.test_queries import DETAIL_QUERIES_COUNCIL_DUPLICATES, queries_for
from tests.factories import PersonFields, act, client_for, make_case

pytestmark = pytest.mark.django_db

BORN = datetime.date(2012, 3, 9)


def person(**fields) -> dict:
    return PersonFields(**fields)


@pytest.fixture
def theirs(outsider):
    """Organisation B's submitted case about Zoé Dupont-Légaré, UCI 1234-5678."""
    return _case_with(outsider, given_names="Zoé", family_name="Dupont-Légaré", uci="12345678")


def _case_with(actor, **fields):
    case = make_case(actor, people=0)
    services.person_add(case=case, actor=actor, **person(date_of_birth=BORN, **fields))
    return act(case, actor, "submit")


def test_it_normalises_names_without_accents_case_or_extra_spaces():
    assert normalise_name("  ZOÉ   Dupont-LÉGARÉ ") == "zoe dupont-legare"
    assert normalise_name("Ǆemal Ḯbrahim") == normalise_name("dzemal ibrahim")
    assert person_match_key("Zoé", "Dupont", BORN) == "2012-03-09|zoe dupont"
    assert person_match_key("Zoé", "Dupont", None) == ""


def test_it_stores_the_match_key_on_the_person(caseworker, director):
    case = make_case(caseworker, people=0)
    added = services.person_add(
        case=case,
        actor=caseworker,
        **person(given_names="Zoé ", family_name="DUPONT", date_of_birth=BORN),
    )
    assert Person.objects.get(pk=added.pk).match_key == "2012-03-09|zoe dupont"


def test_it_flags_the_same_uci_in_another_open_case(caseworker, director, outsider, theirs):
    mine = make_case(caseworker, submitted=True)

    services.person_add(case=mine, actor=director, **person(uci="1234-5678"))

    flag = DuplicateFlag.objects.get()
    assert (flag.case, flag.other_case, flag.reason) == (mine, theirs, DuplicateFlag.Reason.UCI)
    assert flag.resolution == DuplicateFlag.Resolution.OPEN
    for case in (mine, theirs):
        event = CaseEvent.objects.get(case=case, action="duplicate.flagged")
        assert event.data["other"] in {mine.reference, theirs.reference} - {case.reference}


def test_it_flags_the_same_name_and_birth_date_ignoring_accents_and_case(
    caseworker, director, theirs
):
    mine = make_case(caseworker, submitted=True)

    services.person_add(
        case=mine,
        actor=director,
        **person(given_names="zoe", family_name="DUPONT-LEGARE  ", date_of_birth=BORN, uci=""),
    )

    assert DuplicateFlag.objects.get().reason == DuplicateFlag.Reason.NAME_AND_BIRTH


def test_it_flags_an_edit_that_makes_two_people_match(caseworker, director, theirs):
    mine = make_case(caseworker, submitted=True)
    act(mine, director, "start_review")
    act(mine, director, "request_info", comment="Check the UCI.")
    someone = Person.objects.get(case=mine)
    assert not DuplicateFlag.objects.exists()

    services.person_update(person=someone, actor=caseworker, data={"uci": "12345678"})

    assert DuplicateFlag.objects.get().other_case == theirs


def test_it_compares_the_people_of_a_draft_when_it_is_submitted(caseworker, director, theirs):
    draft = make_case(caseworker, people=0)
    services.person_add(case=draft, actor=caseworker, **person(uci="12345678"))
    assert not DuplicateFlag.objects.exists(), "drafts are private to their organisation"

    act(draft, caseworker, "submit")

    assert DuplicateFlag.objects.get().case == draft


def test_it_ignores_finished_cases_and_flags_a_pair_only_once(
    caseworker, director, outsider, theirs
):
    act(theirs, outsider, "withdraw", comment="Moved away.")
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    assert not DuplicateFlag.objects.exists()

    again = _case_with(outsider, given_names="Zoé", family_name="Dupont-Légaré", uci="12345678")
    services.person_update(
        person=again.people.get(), actor=director, data={"relationship": "daughter"}
    )

    assert DuplicateFlag.objects.count() == 1


def test_it_links_the_two_cases_and_records_it_on_both(caseworker, director, theirs):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    flag = DuplicateFlag.objects.get()

    client = client_for(director)
    response = client.post(f"/cases/{mine.reference}/duplicates/{flag.pk}/link/")

    assert response.status_code == 302
    link = CaseLink.objects.get()
    assert {link.case, link.other_case} == {mine, theirs}
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == (DuplicateFlag.Resolution.LINKED, director)
    assert CaseEvent.objects.filter(action="case.linked").count() == 2
    page = client.get(f"/cases/{theirs.reference}/").content.decode()
    assert f'href="/cases/{mine.reference}/"' in page


def test_the_case_page_reads_duplicates_and_links_in_a_query_each_when_there_are_some(
    caseworker, director, outsider, theirs, django_assert_num_queries
):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    third = _case_with(outsider, given_names="Zoé", family_name="Dupont-Légaré")
    flags = DuplicateFlag.objects.filter(case=third)
    services.duplicate_flag_link(flag=flags.get(other_case=theirs), actor=director)
    client = client_for(director)

    queries_for(
        client, f"/cases/{theirs.reference}/", django_assert_num_queries,
        DETAIL_QUERIES_COUNCIL_DUPLICATES,
    )  # fmt: skip
    page = client.get(f"/cases/{theirs.reference}/").content.decode()
    assert f'href="/cases/{mine.reference}/"' in page  # its open possible duplicate
    assert f'href="/cases/{third.reference}/"' in page  # its linked case


def test_it_dismisses_a_flag_with_a_reason_and_refuses_one_without(caseworker, director, theirs):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    flag = DuplicateFlag.objects.get()
    client = client_for(director)
    url = f"/cases/{theirs.reference}/duplicates/{flag.pk}/dismiss/"

    for reason in ("  ", "x" * 2001):
        refused = client.post(url, {"reason": reason})
        assert refused.status_code == 400
        assert "Give a reason, in 2000 characters at most." in refused.content.decode()
    flag.refresh_from_db()
    assert flag.resolution == DuplicateFlag.Resolution.OPEN

    assert client.post(url, {"reason": "Different mothers."}).status_code == 302
    flag.refresh_from_db()
    assert flag.resolution == DuplicateFlag.Resolution.DISMISSED
    assert CaseEvent.objects.get(case=mine, action="duplicate.dismissed").comment == (
        "Different mothers."
    )
    assert not CaseLink.objects.exists()
    # Dealt with: no longer offered, and not raised again by the next edit.
    assert client.post(url, {"reason": "Again."}).status_code == 404
    services.person_update(
        person=mine.people.last(), actor=director, data={"relationship": "niece"}
    )
    assert DuplicateFlag.objects.count() == 1


def test_it_never_shows_a_member_anything_about_the_other_case(
    caseworker, outsider, director, theirs
):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    flag = DuplicateFlag.objects.get()
    services.duplicate_flag_link(flag=flag, actor=director)

    for member, case, other in ((caseworker, mine, theirs), (outsider, theirs, mine)):
        client = client_for(member)
        page = client.get(f"/cases/{case.reference}/").content.decode()
        assert other.reference not in page
        assert "duplicate" not in page.lower() and "linked" not in page.lower()
        dashboard = client.get("/dashboard/").content.decode()
        assert other.reference not in dashboard
        # Neither the flag nor its actions exist for them.
        for action in ("link", "dismiss"):
            url = f"/cases/{case.reference}/duplicates/{flag.pk}/{action}/"
            assert client.post(url, {"reason": "x"}).status_code == 404


def test_it_refuses_to_resolve_a_flag_for_anyone_but_council_staff(caseworker, director, theirs):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    flag = DuplicateFlag.objects.get()

    with pytest.raises(services.PermissionDenied):
        services.duplicate_flag_link(flag=flag, actor=caseworker)
    with pytest.raises(services.PermissionDenied):
        services.duplicate_flag_dismiss(flag=flag, actor=caseworker, reason="Not her.")
    flag.refresh_from_db()
    assert flag.resolution == DuplicateFlag.Resolution.OPEN


def test_it_refuses_a_flag_already_dealt_with(caseworker, director, council_staff, theirs):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    flag = DuplicateFlag.objects.get()
    services.duplicate_flag_dismiss(flag=flag, actor=director, reason="Different people.")

    with pytest.raises(services.CaseError):
        services.duplicate_flag_link(flag=flag, actor=council_staff)
    assert not CaseLink.objects.exists()


def test_it_answers_404_to_an_outsider_for_a_flag_of_a_case_they_cannot_see(
    caseworker, director, outsider, theirs
):
    mine = make_case(caseworker, submitted=True)
    services.person_add(case=mine, actor=director, **person(uci="12345678"))
    flag = DuplicateFlag.objects.get()

    response = client_for(outsider).post(f"/cases/{mine.reference}/duplicates/{flag.pk}/link/")

    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.resolution == DuplicateFlag.Resolution.OPEN


def test_its_migration_fills_the_match_key_of_existing_people(caseworker):
    migration = importlib.import_module(
        "casework.cases.migrations.0003_person_match_key_duplicates"
    )
    case = make_case(caseworker, people=0)
    zoe = services.person_add(
        case=case,
        actor=caseworker,
        **person(given_names="Zoé", family_name="Roy", date_of_birth=BORN),
    )
    unborn = services.person_add(case=case, actor=caseworker, **person(date_of_birth=None))
    Person.objects.update(match_key="")

    migration.fill_match_keys(apps, schema_editor=None)

    assert Person.objects.get(pk=zoe.pk).match_key == "2012-03-09|zoe roy"
    assert Person.objects.get(pk=unborn.pk).match_key == ""


def test_two_cases_are_one_flag_however_many_of_their_people_match(
    caseworker, director, outsider, theirs
):
    services.person_add(
        case=theirs,
        actor=director,
        **person(given_names="Noé", family_name="Dupont", uci="", date_of_birth=BORN),
    )
    mine = make_case(caseworker, people=0)
    # The same child by name and date of birth, the same mother by UCI: one pair of cases.
    services.person_add(
        case=mine,
        actor=caseworker,
        **person(given_names="Noe", family_name="DUPONT", uci="", date_of_birth=BORN),
    )
    services.person_add(case=mine, actor=caseworker, **person(uci="1234-5678"))
    act(mine, caseworker, "submit")

    flag = DuplicateFlag.objects.get()
    assert {flag.case, flag.other_case} == {mine, theirs}
    assert CaseEvent.objects.filter(case=mine, action="duplicate.flagged").count() == 1

    services.duplicate_flag_link(flag=flag, actor=director)
    services.person_update(person=mine.people.first(), actor=director, data={"relationship": "son"})
    assert DuplicateFlag.objects.count() == 1
