"""Cases through the API: the list page's filters and search, cursor pages, detail, create,
update while editable, transitions with optimistic locking; the same rules as the pages."""

import datetime

import pytest
from django.utils import timezone

from casework.audit.models import Action, AuditEntry
from casework.cases.models import Case, Status
from tests.factories import advance, case_at, make_case, removal_fields, snapshot

from .helpers import api_client, patch_json, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

CASES = "/api/v1/cases/"


def refs(response) -> list[str]:
    return [case["reference"] for case in response.json()["results"]]


def test_the_list_takes_the_list_pages_filters_and_search(caseworker, director):
    draft = make_case(caseworker)
    submitted = make_case(caseworker, submitted=True)
    client = api_client(caseworker)
    assert set(refs(client.get(CASES))) == {draft.reference, submitted.reference}
    assert refs(client.get(CASES, {"status": "submitted"})) == [submitted.reference]
    family_name = submitted.people.get().family_name
    assert submitted.reference in refs(client.get(CASES, {"q": family_name}))
    assert refs(client.get(CASES, {"q": submitted.reference})) == [submitted.reference]
    # The council sees the submitted case, never the draft.
    assert refs(api_client(director).get(CASES)) == [submitted.reference]


def test_a_filter_that_is_not_valid_gets_400_with_the_field_named(caseworker):
    response = api_client(caseworker).get(CASES, {"status": "lost", "removal_within": 0})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "removal_within"}


def test_the_list_is_paged_by_cursor_without_gaps_or_repeats(caseworker):
    made = {make_case(caseworker, people=0, consent=False).reference for _ in range(7)}
    client = api_client(caseworker)
    seen, url = [], f"{CASES}?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [case["reference"] for case in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(made) and len(seen) == 7


def test_reading_a_case_is_audited_like_the_case_page(caseworker):
    case = make_case(caseworker)
    response = api_client(caseworker).get(f"{CASES}{case.reference}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == case.reference and body["version"] == case.version
    assert "submit" in body["transitions"]
    entry = AuditEntry.objects.get(action=Action.CASE_VIEWED)
    assert (entry.actor, entry.case_reference) == (caseworker, case.reference)


def test_another_organisations_case_is_404_like_one_that_does_not_exist(caseworker, outsider):
    case = make_case(caseworker)
    client = api_client(outsider)
    assert client.get(f"{CASES}{case.reference}/").status_code == 404
    assert client.get(f"{CASES}CCR-2026-99999/").status_code == 404
    assert client.get(f"{CASES}not-a-reference/").status_code == 404
    assert not AuditEntry.objects.filter(action=Action.CASE_VIEWED).exists()


def test_government_contacts_reach_no_case_resource(caseworker, director, ircc_contact):
    case = case_at("escalated", member=caseworker, council=director)
    client = api_client(ircc_contact)
    assert client.get(CASES).status_code == 404
    assert client.get(f"{CASES}{case.reference}/").status_code == 404
    assert client.get(f"{CASES}{case.reference}/people/").status_code == 404


def test_a_member_creates_a_draft(caseworker):
    response = post_json(
        api_client(caseworker),
        CASES,
        {"kind": "family_reunification", "summary": "Two children in Kinshasa.",
         "correspondence_language": "fr"},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    case = Case.objects.get(reference=response.json()["reference"])
    assert (case.status, case.organisation, case.created_by) == (
        Status.DRAFT, caseworker.organisation, caseworker,
    )  # fmt: skip


def test_a_removal_case_is_created_with_its_removal(caseworker):
    removal = removal_fields()
    removal["removal_at"] = removal["removal_at"].isoformat()
    response = post_json(
        api_client(caseworker),
        CASES,
        {"kind": "removal_deferral", "summary": "Removal to Haiti.", "removal": removal,
         "correspondence_language": "en"},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["removal"]["location"] == "Toronto Pearson"


def test_bad_input_gets_a_clear_message_and_creates_nothing(caseworker):
    client = api_client(caseworker)
    response = post_json(client, CASES, {"kind": "family_reunification", "summary": ""})
    assert response.status_code == 400
    assert "summary" in response.json()["errors"]
    past = timezone.now() - datetime.timedelta(days=1)
    response = post_json(
        client, CASES,
        {"kind": "removal_deferral", "summary": "x", "correspondence_language": "en",
         "removal": {"removal_at": past.isoformat()}},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"]["removal_at"] == ["The removal date must be in the future."]
    response = post_json(client, CASES, ["not", "an", "object"])
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_council_staff_do_not_create_cases(director):
    response = post_json(api_client(director), CASES, {"kind": "family_reunification",
                                                       "summary": "x"})  # fmt: skip
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_member_updates_the_draft_with_its_version(caseworker):
    case = make_case(caseworker)
    url = f"{CASES}{case.reference}/"
    response = patch_json(api_client(caseworker), url,
                          {"version": case.version, "summary": "Updated."})  # fmt: skip
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.summary == "Updated." and response.json()["version"] == case.version


def test_an_update_on_a_stale_version_is_409_and_changes_nothing(caseworker):
    case = make_case(caseworker)
    before = snapshot(case)
    response = patch_json(api_client(caseworker), f"{CASES}{case.reference}/",
                          {"version": case.version - 1, "summary": "Lost update."})  # fmt: skip
    assert response.status_code == 409
    assert response.json()["title"] == "Changed by someone else"
    assert snapshot(case) == before
    assert Case.objects.get(pk=case.pk).summary != "Lost update."


def test_an_update_needs_the_version(caseworker):
    case = make_case(caseworker)
    response = patch_json(api_client(caseworker), f"{CASES}{case.reference}/", {"summary": "x"})
    assert response.status_code == 400 and "version" in response.json()["errors"]


def test_a_submitted_case_is_no_longer_the_members_to_edit(caseworker):
    case = make_case(caseworker, submitted=True)
    before = snapshot(case)
    response = patch_json(api_client(caseworker), f"{CASES}{case.reference}/",
                          {"version": case.version, "summary": "x"})  # fmt: skip
    assert response.status_code == 403
    assert snapshot(case) == before


def test_a_member_submits_by_transition_with_the_version(caseworker):
    case = make_case(caseworker)
    client = api_client(caseworker)
    url = f"{CASES}{case.reference}/transitions/submit/"
    response = post_json(client, url, {"version": case.version})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    # The same request again carries a version that is no longer current.
    again = post_json(client, url, {"version": case.version})
    assert again.status_code == 409


def test_transitions_follow_the_same_rules_as_the_pages(caseworker, director):
    case = make_case(caseworker, submitted=True)
    member, council = api_client(caseworker), api_client(director)
    base = f"{CASES}{case.reference}/transitions"
    before = snapshot(case)
    assert post_json(member, f"{base}/start_review/", {"version": case.version}).status_code == 403
    assert post_json(member, f"{base}/no_such/", {"version": case.version}).status_code == 404
    assert post_json(council, f"{base}/accept/", {"version": case.version}).status_code == 400
    assert snapshot(case) == before
    case = advance(case, "in_review", member=caseworker, council=director)
    # A decline needs a reason: the form says so, in the field's own words.
    response = post_json(council, f"{base}/decline/", {"version": case.version})
    assert response.status_code == 400 and "comment" in response.json()["errors"]
    response = post_json(council, f"{base}/decline/",
                         {"version": case.version, "comment": "Out of scope."})  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_escalation_through_the_api_needs_its_fields(caseworker, director):
    case = case_at("accepted", member=caseworker, council=director)
    url = f"{CASES}{case.reference}/transitions/escalate/"
    council = api_client(director)
    response = post_json(council, url, {"version": case.version})
    assert response.status_code == 400
    assert {"target", "sent_on"} <= set(response.json()["errors"])
    response = post_json(council, url, {"version": case.version, "target": "IRCC",
                                        "sent_on": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "escalated"


def test_the_readme_walk_creates_and_submits_a_case(caseworker):
    """README, "REST API": create a draft, add a person, read its version, submit it."""
    client = api_client(caseworker)
    created = post_json(client, CASES, {"kind": "family_reunification",
                                        "summary": "Mother in Montréal, two children in Kinshasa.",
                                        "correspondence_language": "fr"})  # fmt: skip
    assert created.status_code == 201 and created.json()["status"] == "draft"
    url = f"{CASES}{created.json()['reference']}/"
    refused = post_json(client, f"{url}transitions/submit/", {"version": 1})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Add at least one person concerned by the case."
    person = {"role": "child", "family_name": "Mbala", "given_names": "Grace",
              "date_of_birth": "2014-03-02", "date_of_birth_precision": "day"}  # fmt: skip
    assert post_json(client, f"{url}people/", person).status_code == 201
    case = client.get(url).json()
    assert case["version"] == 2 and case["transitions"] == ["submit", "withdraw"]
    submitted = post_json(client, f"{url}transitions/submit/", {"version": 2})
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["version"]) == ("submitted", 3)
