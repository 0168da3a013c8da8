"""Member organisations, managed by council staff in the app: apply, approve, decline, suspend,
reactivate (a reason kept each time); their names in both languages; the list and the page."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from casework.accounts import services
from casework.accounts.models import Organisation, OrganisationStatusChange, Role
from casework.audit.models import Action, AuditEntry
from casework.cases import rules as case_rules
from casework.cases import services as case_services
from casework.cases.models import Case, Status
from tests.factories import act, case_at, client_for, make_case

from .helpers import application, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

APPLY = "/accounts/organisations/apply/"


def page_of(organisation) -> str:
    return f"/accounts/organisations/{organisation.pk}/"


# Applying


def test_anyone_may_apply_and_the_application_waits_for_the_council(anonymous, director):
    response = anonymous.post(APPLY, application(name_fr="Aide juridique Saskatoon"))

    assert response.status_code == 200
    organisation = Organisation.objects.get(name="Saskatoon Newcomer Legal Aid")
    assert organisation.status == Organisation.Status.PENDING
    assert (organisation.applicant_name, organisation.applicant_email) == (
        "Nadia Okafor",
        "nadia@example.org",
    )
    assert not organisation.memberships.exists()
    entry = AuditEntry.objects.get(action=Action.ORGANISATION_APPLIED)
    assert entry.actor is None and entry.ip_address == "127.0.0.1"
    # It shows in the council's list of pending applications.
    council = client_for(director)
    page = council.get("/accounts/organisations/?status=pending").content.decode()
    assert "Saskatoon Newcomer Legal Aid" in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "not an address"}, "email"),
        ({"province": ""}, "province"),
        ({"applicant_email": ""}, "applicant_email"),
        ({"telephone": "ring ring"}, "telephone"),
        ({"name": "Member A"}, "name"),
    ],
)
def test_an_incomplete_application_is_refused_with_a_message(anonymous, org_a, fields, field):
    response = anonymous.post(APPLY, application(**fields))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Organisation.objects.filter(status=Organisation.Status.PENDING).exists()


def test_applications_are_throttled_per_address(settings):
    settings.CASEWORK = settings.CASEWORK | {"APPLICATIONS_PER_ADDRESS_PER_DAY": 2}
    robot = Client(REMOTE_ADDR="203.0.113.9")

    statuses = [
        robot.post(APPLY, application(name=f"Organisation {n}")).status_code for n in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert Organisation.objects.filter(status=Organisation.Status.PENDING).count() == 2
    # Another address is not held back.
    other = Client(REMOTE_ADDR="198.51.100.4").post(APPLY, application(name="Organisation 9"))
    assert other.status_code == 200


def test_council_staff_may_enter_a_paper_application(council_staff):
    client = client_for(council_staff)

    client.post(APPLY, application())

    entry = AuditEntry.objects.get(action=Action.ORGANISATION_APPLIED)
    assert entry.actor == council_staff
    change = OrganisationStatusChange.objects.get()
    assert (change.to_status, change.actor) == (Organisation.Status.PENDING, council_staff)


# Reviewing


@pytest.fixture
def pending(db):
    return services.organisation_apply(
        actor=None,
        name="Halifax Refugee Clinic",
        email="office@example.org",
        applicant_name="Jo Ellis",
        applicant_email="jo@example.org",
        province="NS",
    )


def test_declining_keeps_the_application_and_the_reason(director, pending):
    client = client_for(director)

    assert client.post(page_of(pending) + "decline/", {"reason": ""}).status_code == 400
    response = client.post(page_of(pending) + "decline/", {"reason": "Outside our mandate."})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.DECLINED
    change = pending.status_changes.first()
    assert (change.from_status, change.to_status, change.reason, change.actor) == (
        Organisation.Status.PENDING,
        Organisation.Status.DECLINED,
        "Outside our mandate.",
        director,
    )
    assert "Outside our mandate." in client.get(page_of(pending)).content.decode()
    assert mail.outbox == []


def test_only_a_pending_application_is_approved_and_only_by_the_council(
    director, org_admin, pending, org_a
):
    council = client_for(director)
    assert council.get(page_of(org_a) + "approve/").status_code == 403
    assert client_for(org_admin).get(page_of(pending) + "approve/").status_code == 404
    assert council.get(page_of(pending) + "nonsense/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


# Suspending


def test_suspending_signs_its_people_out_and_stops_new_submissions(
    director, caseworker, org_admin, org_a
):
    draft = make_case(caseworker)
    in_review = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    act(in_review, director, "request_info", comment="Add the letter.")
    alice = signed_in("alice")
    assert alice.get("/cases/").status_code == 200

    response = client_for(director).post(page_of(org_a) + "suspend/", {"reason": "Dues unpaid."})

    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.status == Organisation.Status.SUSPENDED
    # Her open session ended: the next page asks her to sign in.
    assert alice.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"
    # She signs in again and reads the cases, told why she cannot submit.
    alice = signed_in("alice")
    page = alice.get(f"/cases/{draft.reference}/").content.decode()
    assert "membership of the council is suspended" in page
    assert 'action-submit"' not in page
    caseworker.refresh_from_db()
    assert not case_rules.can_create_case(caseworker)
    assert alice.get("/cases/new/").status_code == 403
    for case, name in ((draft, "submit"), (in_review, "resubmit")):
        case = Case.objects.get(pk=case.pk)
        with pytest.raises(case_services.CaseError, match="suspended"):
            case_services.TRANSITION_SERVICES[name](
                case=case, actor=caseworker, expected_version=case.version, comment="Here."
            )
    with pytest.raises(case_services.CaseError, match="suspended"):
        case_services.case_create(actor=caseworker, kind="family_reunification", summary="x")
    # Nothing was deleted.
    assert Case.objects.filter(organisation=org_a).count() == 2
    assert org_a.memberships.count() == 2


def test_reactivating_lets_the_organisation_submit_again(director, caseworker, org_a):
    draft = make_case(caseworker)
    services.organisation_suspend(organisation=org_a, actor=director, reason="Dues unpaid.")

    response = client_for(director).post(page_of(org_a) + "reactivate/", {"reason": "Paid."})

    assert response.status_code == 302
    caseworker.refresh_from_db()
    act(draft, caseworker, "submit")
    assert [c.to_status for c in OrganisationStatusChange.objects.order_by("at", "id")] == [
        Organisation.Status.SUSPENDED,
        Organisation.Status.ACTIVE,
    ]
    assert {Action.ORGANISATION_SUSPENDED, Action.ORGANISATION_REACTIVATED} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_the_council_and_agencies_are_never_suspended(director, council, cbsa):
    client = client_for(director)

    assert client.get(page_of(council) + "suspend/").status_code == 403
    assert client.get(page_of(cbsa) + "suspend/").status_code == 403


# Names in both languages


def test_an_organisation_is_named_in_the_readers_language(council, director, org_a):
    services.organisation_update(
        organisation=council,
        actor=director,
        data={"name_fr": "Conseil canadien pour les réfugiés"},
    )
    council.refresh_from_db()

    assert council.name_in("fr") == "Conseil canadien pour les réfugiés"
    assert council.name_in("fr-ca") == "Conseil canadien pour les réfugiés"
    assert council.name_in("en") == "Canadian Council for Refugees"
    # Without a French name, the one name serves both languages.
    assert org_a.name_in("fr") == "Member A"
    with translation.override("fr"):
        assert str(council) == "Conseil canadien pour les réfugiés"
    # A French reader's header names the council in French.
    director.language = "fr"
    director.save(update_fields=["language"])
    page = client_for(director).get("/cases/").content.decode()
    assert "Conseil canadien pour les réfugiés" in page


def test_council_staff_edit_the_details_from_the_page(council_staff, org_a, org_admin):
    client = client_for(council_staff)
    form = client.get(page_of(org_a) + "edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}

    response = client.post(
        page_of(org_a) + "edit/",
        data | {"name_fr": "Membre A", "region": "Peel", "works_in_english": "on"},
    )

    assert response.status_code == 302
    org_a.refresh_from_db()
    assert (org_a.name_fr, org_a.region) == ("Membre A", "Peel")
    assert AuditEntry.objects.filter(action=Action.ORGANISATION_EDITED).exists()
    # The organisation's administrator reads the page but does not edit it.
    assert client_for(org_admin).get(page_of(org_a) + "edit/").status_code == 403


# The list and the page


def test_the_list_filters_by_status_kind_province_and_text(director, org_a, org_b, cbsa):
    client = client_for(director)

    def names(query: str) -> list[str]:
        return [o.name for o in client.get(f"/accounts/organisations/?{query}").context["page"]]

    assert names("kind=government") == ["CBSA liaison"]
    assert names("province=BC") == ["Member B"]
    assert names("text=member") == ["Member A", "Member B"]
    assert names("status=suspended") == []


def test_the_list_counts_accounts_and_cases_in_a_fixed_number_of_queries(
    director, caseworker, outsider, django_assert_num_queries
):
    make_case(caseworker, submitted=True)
    make_case(caseworker)  # a draft: not the council's to count
    make_case(outsider, submitted=True)
    client = client_for(director)
    client.get("/accounts/organisations/")

    # session, user with membership, count, one page of organisations with their counts
    with django_assert_num_queries(4):
        response = client.get("/accounts/organisations/")

    rows = {o.name: o for o in response.context["page"]}
    assert (rows["Member A"].active_accounts, rows["Member A"].submitted_cases) == (1, 1)
    assert rows["Member A"].open_cases == 1


def test_the_page_shows_people_invitations_and_cases_in_a_fixed_number_of_queries(
    director, org_admin, caseworker, colleague, org_a, django_assert_num_queries
):
    make_case(caseworker, submitted=True)
    services.invitation_create(
        actor=org_admin, organisation=org_a, role=Role.CASEWORKER, email="x@example.org",
        language="en",
    )  # fmt: skip
    for user in (director, org_admin):
        client = client_for(user)
        client.get(page_of(org_a))
        # session, user, the organisation, its people, its invitations, the case counts, and
        # for the council the history of its membership
        with django_assert_num_queries(7 if user == director else 6):
            response = client.get(page_of(org_a))
        page = response.content.decode()
        for name in ("Alice", "Bob", "Adele", "x@example.org", "Caseworker"):
            assert name in page


def test_the_page_is_the_organisations_administrators_and_the_councils_only(
    org_admin, caseworker, outsider, cbsa_contact, org_a, org_b, council, director
):
    assert client_for(org_admin).get(page_of(org_a)).status_code == 200
    assert client_for(org_admin).get(page_of(org_b)).status_code == 404
    assert client_for(org_admin).get(page_of(council)).status_code == 404
    assert client_for(caseworker).get(page_of(org_a)).status_code == 404
    assert client_for(outsider).get(page_of(org_a)).status_code == 404
    assert client_for(cbsa_contact).get(page_of(org_a)).status_code == 404
    assert client_for(org_admin).get("/accounts/organisations/").status_code == 403
    assert client_for(director).get(page_of(org_b)).status_code == 200
