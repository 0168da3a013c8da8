"""A case is known by its principal person's name and a short title, on every page that lists
or heads it; never in an e-mail subject."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case, Kind, Person, Status, case_url
from tests.factories import act, advance, client_for, make_case, removal_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

TITLE = "Deferral before H&C, two children"


def add(case, actor, role, given, family, **fields):
    return services.person_add(
        case=case, actor=actor, role=role, given_names=given, family_name=family, **fields
    )


def removal_case(caseworker, **fields) -> Case:
    """A removal case whose first person added is not the one facing removal."""
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, people=0, title=TITLE, **fields)
    add(case, caseworker, Person.Role.CHILD, "Samir", "Warsame")
    add(case, caseworker, Person.Role.REMOVAL_SUBJECT, "Yusuf", "Warsame")
    return Case.objects.get(pk=case.pk)


def test_the_principal_person_is_the_one_the_kind_is_about(caseworker):
    case = removal_case(caseworker)
    assert case.principal_name == "Yusuf Warsame"
    assert case.title == TITLE

    family = make_case(caseworker, people=0)
    add(family, caseworker, Person.Role.EXCLUDED_MEMBER, "Ana", "Lima")
    add(family, caseworker, Person.Role.SPONSOR, "Lucía", "Morales Castaño")
    assert Case.objects.get(pk=family.pk).principal_name == "Lucía Morales Castaño"

    child = make_case(caseworker, kind=Kind.SEPARATED_CHILD, people=0)
    add(child, caseworker, Person.Role.CAREGIVER, "Rosa", "Diaz")
    # Nobody in the kind's role yet: the first person added.
    assert Case.objects.get(pk=child.pk).principal_name == "Rosa Diaz"
    add(child, caseworker, Person.Role.CHILD, "Noor", "Diaz")
    assert Case.objects.get(pk=child.pk).principal_name == "Noor Diaz"


def test_the_name_follows_edits_and_removals(caseworker):
    case = removal_case(caseworker)
    subject = case.people.get(role=Person.Role.REMOVAL_SUBJECT)
    services.person_update(person=subject, actor=caseworker, data={"given_names": "Youssouf"})
    assert Case.objects.get(pk=case.pk).principal_name == "Youssouf Warsame"
    services.person_remove(person=subject, actor=caseworker)
    assert Case.objects.get(pk=case.pk).principal_name == "Samir Warsame"
    services.person_remove(person=case.people.get(), actor=caseworker)
    assert Case.objects.get(pk=case.pk).principal_name == ""


def test_the_title_is_typed_on_the_case_form_and_refused_when_too_long(caseworker):
    client = client_for(caseworker)
    response = client.post(
        "/cases/new/",
        {"kind": Kind.FAMILY_REUNIFICATION, "title": "Mother in Canada", "summary": "S.",
         "correspondence_language": "en"},
    )  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.title == "Mother in Canada"
    response = client.post(
        f"/cases/{case.reference}/edit/",
        {"title": "x" * 121, "summary": "S.", "correspondence_language": "en",
         "version": case.version},
    )  # fmt: skip
    assert response.status_code == 400
    assert Case.objects.get().title == "Mother in Canada"


def test_lists_inbox_due_list_and_headings_show_the_name_and_title(caseworker, director):
    # Removal in 5 days: on the "due soon" list.
    case = removal_case(
        caseworker, removal=removal_fields(removal_at=timezone.now() + datetime.timedelta(days=5))
    )
    case = act(case, caseworker, "submit")
    for user, path in [
        (caseworker, "/cases/"),
        (director, "/cases/"),
        (director, "/tasks/"),
        (caseworker, "/cases/due/"),
        (caseworker, f"/cases/{case.reference}/"),
        (caseworker, f"/cases/{case.reference}/history/"),
    ]:
        page = client_for(user).get(path).content.decode()
        assert "Yusuf Warsame" in page, path
        assert "Deferral before H&amp;C, two children" in page, path


def test_nobody_else_sees_the_name(caseworker, outsider):
    removal_case(caseworker)
    assert "Warsame" not in client_for(outsider).get("/cases/").content.decode()


def test_no_e_mail_subject_carries_the_name_or_the_title(
    caseworker, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(caseworker, people=0, title=TITLE)
        add(case, caseworker, Person.Role.SPONSOR, "Lucía", "Morales Castaño")
        case = advance(case, Status.IN_REVIEW, member=caseworker, council=director)
        act(Case.objects.get(pk=case.pk), director, "request_info", comment="More.")
    assert mail.outbox, "the transitions send e-mail"
    for message in mail.outbox:
        assert case.reference in message.subject
        for private in ("Lucía", "Morales", TITLE):
            assert private not in message.subject
            assert private not in message.body


@pytest.mark.parametrize("reference", ["CCR-2026-00001", "A B&C", "x!$'()*+,;=:@~y", "é", "a?b#c%"])
def test_a_cases_link_is_what_reverse_writes_for_any_reference(reference):
    """Case.get_absolute_url and the lists' links (models.case_url) work reverse() out once."""
    assert case_url(reference) == reverse("cases:detail", args=[reference])
    assert Case(reference=reference).get_absolute_url() == reverse("cases:detail", args=[reference])
