"""Property-based tests: identifiers, forms and the lifecycle under random input.

Each example that touches the database runs in a savepoint rolled back at its end, so the
examples of one test do not see each other's rows.
"""

import datetime
import re
import string
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.forms import CaseForm, PersonForm
from casework.cases.identifiers import (
    APPLICATION_NUMBER,
    APPLICATION_NUMBER_LEGACY,
    FEDERAL_COURT_DOCKET,
    format_uci,
    normalise_file_number,
    normalise_uci,
)
from casework.cases.models import TERMINAL, Case, Kind, Outcome, Person, Status
from tests.factories import client_for, make_case

DB_EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text, including control characters, surrogate-free unicode and very long strings.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300) | st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "é😀", "\n", "<script>", "\0"]),
    st.integers(4000, 20000),
)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# Identifiers


@given(st.text(max_size=40))
def test_a_uci_is_either_refused_or_normalised_to_8_or_10_digits(value):
    try:
        digits = normalise_uci(value)
    except ValidationError:
        return
    assert re.fullmatch(r"[0-9]{8}|[0-9]{10}", digits) and set(digits) != {"0"}


@given(st.sampled_from([8, 10]).flatmap(lambda n: st.text(string.digits, min_size=n, max_size=n)))
def test_a_displayed_uci_reads_back_as_the_same_digits(digits):
    assume(set(digits) != {"0"})
    assert normalise_uci(format_uci(digits)) == digits
    assert normalise_uci(" " + format_uci(digits).replace("-", " ") + " ") == digits


@given(st.text(max_size=60), st.sampled_from(["IRCC", "CBSA", "IRB", "FC", "OTHER"]))
def test_a_file_number_is_either_refused_or_normalised_to_its_agencys_format(value, agency):
    try:
        number = normalise_file_number(value, agency=agency)
    except ValidationError:
        return
    assert number == number.upper() and not re.search(r"\s", number) and 0 < len(number) <= 40
    if agency == "IRCC":
        assert APPLICATION_NUMBER.match(number) or APPLICATION_NUMBER_LEGACY.match(number)
    if agency == "FC":
        assert FEDERAL_COURT_DOCKET.match(number)


@given(st.from_regex(r"\A[A-Z][0-9]{9}\Z"))
def test_every_application_number_is_accepted_in_any_case_and_spacing(number):
    typed = " ".join(number.lower())
    assert normalise_file_number(typed, agency="IRCC") == number


@pytest.mark.django_db
@DB_EXAMPLES
@given(reference=st.text(min_size=1, max_size=60).filter(lambda r: r.strip(". ") == r))
@example(reference="\x00")  # PostgreSQL refuses NUL in a query: it was a 500
@example(reference="CCR-2026-99999")
def test_any_case_reference_in_a_url_is_a_404_never_an_error(caseworker, reference):
    response = client_for(caseworker).get(f"/cases/{quote(reference, safe='')}/")
    assert response.status_code in (404, 301, 302)


@pytest.mark.django_db
@DB_EXAMPLES
@given(query=any_text)
def test_any_search_text_gives_a_page_never_an_error(caseworker, query):
    response = client_for(caseworker).get("/cases/", {"q": query, "status": query})
    assert response.status_code == 200


# Forms: never an error, and what they accept the service saves as valid data.


case_data = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(Kind.values) | any_text,
        "summary": any_text,
        "grounds": any_text,
        "requested_action": any_text,
        "correspondence_language": st.sampled_from(["en", "fr"]) | any_text,
        "deadline": st.dates().map(str) | any_text,
        "deadline_note": any_text,
    }
)


@pytest.mark.django_db
@DB_EXAMPLES
@given(data=case_data)
def test_the_case_form_accepts_only_what_saves_as_a_valid_case(caseworker, data):
    form = CaseForm(data)
    with rolled_back():
        if not form.is_valid():
            assert not Case.objects.exists()
            return
        try:
            case = services.case_create(actor=caseworker, **form.service_kwargs())
        except services.CaseError:
            assert not Case.objects.exists()
            return
        Case.objects.get(pk=case.pk).full_clean(exclude=["status"])


person_data = st.fixed_dictionaries(
    {
        "role": st.sampled_from(Person.Role.values) | any_text,
        "family_name": any_text,
        "given_names": any_text,
        "date_of_birth": st.dates().map(str) | any_text,
        "date_of_birth_precision": st.sampled_from(["day", "month", "year"]) | any_text,
        "citizenship": st.sampled_from(["SY", "HT", "", "XX"]) | any_text,
        "uci": st.text(string.digits + "- ", max_size=14) | any_text,
        "relationship": any_text,
    }
)


@pytest.mark.django_db
@DB_EXAMPLES
@given(data=person_data)
def test_the_person_form_accepts_only_what_saves_as_a_valid_person(caseworker, data):
    with rolled_back():
        case = make_case(caseworker, people=0, consent=False)
        form = PersonForm(data)
        if not form.is_valid():
            assert not case.people.exists()
            return
        try:
            person = services.person_add(case=case, actor=caseworker, **form.service_kwargs())
        except services.CaseError:
            assert not case.people.exists()
            return
        saved = Person.objects.get(pk=person.pk)
        saved.full_clean()
        if saved.uci:
            assert normalise_uci(saved.uci) == saved.uci
        assert saved.date_of_birth is None or saved.date_of_birth <= datetime.date.today()


# Transitions: random personas trying random transitions in random order.

# The lifecycle, written out independently of the model: (from, transition) -> to, and who.
LIFECYCLE = {
    (Status.DRAFT, "submit"): (Status.SUBMITTED, ("member",)),
    (Status.SUBMITTED, "start_review"): (Status.IN_REVIEW, ("council",)),
    (Status.IN_REVIEW, "request_info"): (Status.INFO_REQUESTED, ("council",)),
    (Status.INFO_REQUESTED, "resubmit"): (Status.SUBMITTED, ("member",)),
    (Status.IN_REVIEW, "decline"): (Status.DECLINED, ("council",)),
    (Status.IN_REVIEW, "accept"): (Status.ACCEPTED, ("council",)),
    (Status.ACCEPTED, "escalate"): (Status.ESCALATED, ("council",)),
    (Status.ESCALATED, "record_response"): (Status.RESPONDED, ("council",)),
    (Status.RESPONDED, "follow_up"): (Status.ESCALATED, ("council",)),
    (Status.RESPONDED, "close"): (Status.CLOSED, ("council",)),
}
for status in set(Status.values) - TERMINAL:
    LIFECYCLE[(status, "withdraw")] = (Status.WITHDRAWN, ("member", "council"))
# The policy director reopens a finished case the council has seen (never a withdrawn draft).
for status in TERMINAL:
    LIFECYCLE[(status, "reopen")] = (Status.IN_REVIEW, ("council",))


def lifecycle_step(case: Case, name: str):
    """(status it leads to, who may take it) when the lifecycle allows `name` on `case`."""
    if name == "reopen" and case.submitted_at is None:
        return None
    return LIFECYCLE.get((case.status, name))

PARAMS = {
    "escalate": lambda: {"target": Agency.IRCC, "sent_on": datetime.date.today()},
    "record_response": lambda: {"received_on": datetime.date.today(), "response": "Deferred."},
    "close": lambda: {"outcome": Outcome.FAVOURABLE},
}


def step_from(status: str):
    """(persona, transition): often one the lifecycle allows from `status`, so that random
    runs reach the late states; otherwise anything by anyone."""
    # Withdrawing is allowed from everywhere and ends the run: only the random branch tries it.
    allowed = [
        (who, name)
        for (source, name), (_to, whos) in LIFECYCLE.items()
        if source == status and name != "withdraw"
        for who in whos
    ]
    anything = st.tuples(
        st.sampled_from(["member", "council", "outsider", "government"]),
        st.sampled_from(list(services.TRANSITION_SERVICES)),
    )
    return st.sampled_from(allowed) | anything if allowed else anything


def check_invariants(case: Case) -> None:
    """Facts every state implies, whatever the road that led there."""
    assert case.status in Status.values
    assert (case.submitted_at is not None) == (case.status != Status.DRAFT) or (
        case.status == Status.WITHDRAWN
    )
    if case.status in (Status.ESCALATED, Status.RESPONDED, Status.CLOSED):
        assert case.escalation_target and case.escalated_at and case.escalation_sent_on
    if case.status in (Status.RESPONDED, Status.CLOSED):
        assert case.response_received_on and case.response_summary
    if case.status in TERMINAL:
        assert case.closed_at is not None
    if case.status in (Status.CLOSED, Status.WITHDRAWN):
        assert case.outcome
    assert case.events.filter(action="case.created").count() == 1


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_transitions_by_random_people_keep_the_case_possible(
    caseworker, director, outsider, cbsa_contact, data
):
    personas = {
        "member": caseworker, "council": director, "outsider": outsider, "government": cbsa_contact
    }  # fmt: skip
    with rolled_back():
        case = make_case(caseworker)
        for _step in range(data.draw(st.integers(0, 15), label="steps")):
            before = Case.objects.get(pk=case.pk)
            who, name = data.draw(step_from(before.status), label="step")
            events = before.events.count()
            try:
                services.TRANSITION_SERVICES[name](
                    case=before,
                    actor=personas[who],
                    expected_version=before.version,
                    comment="Because.",
                    **PARAMS.get(name, dict)(),
                )
            except (services.CaseError, PermissionDenied):
                after = Case.objects.get(pk=case.pk)
                assert (after.status, after.version, after.events.count()) == (
                    before.status, before.version, events,
                )  # fmt: skip
                allowed = lifecycle_step(before, name)
                # An allowed step for the right person fails only on a stated condition:
                # submitting an incomplete case is impossible here (it has a person).
                assert not (allowed and who in allowed[1]), (before.status, who, name)
                continue
            after = Case.objects.get(pk=case.pk)
            to_status, allowed_to = lifecycle_step(before, name)
            assert who in allowed_to, (before.status, who, name)
            assert after.status == to_status
            assert after.version > before.version
            assert after.events.count() > events
            check_invariants(after)
            event(f"reached {after.status}")
