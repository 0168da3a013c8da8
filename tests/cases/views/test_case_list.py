"""The case list (/cases/)."""

import datetime
import html
import pickle
import re

import pytest
from django.core.cache import caches

from casework.accounts.services import organisation_create, organisation_update
from casework.cases.models import Kind
from casework.cases.views import RESULTS_ONLY_HEADER
from tests.cases.test_queries import LIST_QUERIES_MEMBER
from tests.factories import client_for, make_case, removal_fields

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# The case list


def test_it_lists_only_the_users_cases(caseworker, outsider, director):
    ours = make_case(caseworker)
    theirs = make_case(outsider, submitted=True)

    response = client_for(caseworker).get("/cases/")

    assert response.status_code == 200
    assert [case.reference for case in response.context["page"]] == [ours.reference]
    assert theirs.reference not in page(response)
    assert "organisation" not in response.context["form"].fields


def test_it_filters_the_list_from_the_query_string(caseworker, director):
    family = make_case(caseworker, submitted=True)
    removal = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True)
    client = client_for(director)

    by_kind = client.get("/cases/", {"kind": Kind.REMOVAL_DEFERRAL})
    by_text = client.get("/cases/", {"q": family.reference.lower()})
    by_org = client.get("/cases/", {"organisation": caseworker.organisation.pk})

    assert [c.reference for c in by_kind.context["page"]] == [removal.reference]
    assert [c.reference for c in by_text.context["page"]] == [family.reference]
    assert {c.reference for c in by_org.context["page"]} == {family.reference, removal.reference}


def organisation_options(response) -> list[str]:
    """The labels of the organisation filter's options, as drawn in the reader's language."""
    select = re.search(r'<select name="organisation".*?</select>', response.text, re.DOTALL)
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", select[0])
    return [html.unescape(label) for label in labels]


def test_the_organisation_filter_offers_a_new_or_renamed_member_at_once(director, org_a):
    client = client_for(director)
    assert organisation_options(client.get("/cases/")) == ["Any organisation", "Member A"]

    newcomer = organisation_create(name="Abri du Nord", province="QC")
    organisation_update(organisation=org_a, actor=director, data={"name": "Zenith Aid"})
    response = client.get("/cases/", {"organisation": newcomer.pk})

    assert response.status_code == 200
    assert response.context["form"].cleaned_data["organisation"] == newcomer.pk
    assert organisation_options(response) == ["Any organisation", "Abri du Nord", "Zenith Aid"]


def test_the_organisation_filter_names_members_in_the_readers_language(director, org_a):
    organisation_update(organisation=org_a, actor=director, data={"name_fr": "Membre A"})
    client = client_for(director)

    english = client.get("/cases/")
    director.language = "fr"
    director.save(update_fields=["language"])
    french = client.get("/cases/")

    assert "Member A" in organisation_options(english)
    assert "Membre A" in organisation_options(french)
    assert "Member A" not in organisation_options(french)


def test_an_organisation_that_is_not_a_member_is_not_a_filter(director, org_a, cbsa, caseworker):
    make_case(caseworker, submitted=True)
    response = client_for(director).get("/cases/", {"organisation": cbsa.pk})
    assert "organisation" in response.context["form"].errors
    assert len(response.context["page"]) == 1  # the invalid filter is ignored


def test_it_ignores_an_invalid_filter_instead_of_failing(caseworker):
    case = make_case(caseworker)
    response = client_for(caseworker).get("/cases/", {"urgency": "9", "status": "nonsense"})
    assert response.status_code == 200
    assert [c.reference for c in response.context["page"]] == [case.reference]


def selected_options(response) -> dict[str, list[str]]:
    """Each filter select's selected values, as drawn."""
    return {
        name: re.findall(r'<option value="([^"]*)" selected>', options)
        for name, options in re.findall(
            r'<select name="(\w+)".*?>(.*?)</select>', response.text, re.DOTALL
        )
    }


def test_each_request_sees_its_own_filters_though_their_markup_is_kept(caseworker, director):
    """The filters beside the search box are drawn once per language and set of values
    (CaseFilterForm.markup_key): a kept copy never shows another request's choices or errors."""
    client = client_for(caseworker)
    for status in ("in_review", "draft", "in_review"):
        assert selected_options(client.get("/cases/", {"status": status}))["status"] == [status]
    assert selected_options(client.get("/cases/"))["status"] == [""]

    english = client.get("/cases/", {"removal_within": "0"}).text
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])
    french = client.get("/cases/", {"removal_within": "0"}).text
    assert "Ensure this value is greater than or equal to 1." in english
    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in french
    # The council's form has the organisation filter; the member's never had it.
    assert "organisation" in selected_options(client_for(director).get("/cases/"))
    assert "organisation" not in selected_options(client.get("/cases/"))


def test_the_search_text_is_never_kept_with_the_filters_markup(caseworker):
    client_for(caseworker).get("/cases/", {"q": "Nadia Haddad", "status": "draft"})
    # The test cache is local memory: its values are this process's own pickles.
    kept = [pickle.loads(value) for value in caches["default"]._cache.values()]  # noqa: S301
    assert kept, "the filters' markup is kept"
    assert not any("Haddad" in str(value) for value in kept)


def test_it_shows_the_next_deadline_in_the_list(caseworker):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=None, prra_notified_on=datetime.date(2026, 5, 4)),
        deadline=datetime.date(2026, 6, 1),
    )
    response = client_for(caseworker).get("/cases/")
    assert response.context["page"].object_list[0].next_deadline == datetime.date(2026, 5, 19)
    assert "Next deadline" in page(response)
    assert "19 May 2026" in page(response)
    assert case.reference in page(response)


def test_the_next_deadline_is_written_as_every_other_date_in_french(caseworker):
    """casework.dates: "1er mai", as on the case page, not Django's "1 mai"."""
    make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=None, prra_notified_on=datetime.date(2026, 4, 16)),
    )
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])
    response = client_for(caseworker).get("/cases/")
    assert response.context["page"].object_list[0].next_deadline == datetime.date(2026, 5, 1)
    assert "1er mai 2026" in page(response)


def test_the_rows_print_what_people_typed_as_text(caseworker, director, org_a):
    """The rows are written in Python (templatetags/case_rows.py): every value escaped."""
    organisation_update(organisation=org_a, actor=director, data={"name": 'A & <b>"B"</b>'})
    case = make_case(caseworker, title="<script>alert('x')</script>", submitted=True)

    for user in (caseworker, director):
        html = client_for(user).get("/cases/").content.decode()
        assert "<script>alert" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert f'href="/cases/{case.reference}/"' in html
    assert "A &amp; &lt;b&gt;&quot;B&quot;&lt;/b&gt;" in html  # the council sees the organisation


def test_search_as_you_type_gets_the_results_alone_in_the_same_queries(
    caseworker, django_assert_num_queries
):
    """The script (static/js/case-list.js) asks for the results only: no page around them,
    the same filters, and no more queries than the page (less: no saved filters)."""
    wanted = make_case(caseworker, title="Two sons abroad")
    make_case(caseworker, title="Another")
    client = client_for(caseworker)
    headers = {RESULTS_ONLY_HEADER: "1"}
    client.get("/cases/?q=sons", headers=headers)
    with django_assert_num_queries(LIST_QUERIES_MEMBER - 1):
        response = client.get("/cases/?q=sons", headers=headers)
    page = response.content.decode()
    assert "<html" not in page and 'id="case-filters"' not in page
    assert wanted.reference in page and "Another" not in page
    full = client.get("/cases/").content.decode()
    assert 'src="/static/js/case-list.js"' in full and "<script>" not in full
