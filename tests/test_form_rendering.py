"""OnePassRenderer writes labels, field groups, error lists and inputs in Python: the same
markup as Django's own templates, for every kind of field our forms use, valid or not."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from casework.accounts.forms import InvitationAcceptForm, SignInForm
from casework.cases.forms import (
    CaseFilterForm,
    CaseForm,
    ConsentForm,
    DocumentForm,
    NoteForm,
    PersonForm,
)
from casework.forms_rendering import OnePassRenderer
from casework.notifications.forms import SettingsForm
from tests.factories import make_case

pytestmark = pytest.mark.django_db


class GroupedChoicesForm(forms.Form):
    """Selects our forms do not have yet: option groups, several values, a value to escape."""

    grouped = forms.ChoiceField(
        choices=[("", "---"), ("Canada", [("qc", "Québec"), ("on", "Ontario")]), ("x", "<x>")]
    )
    several = forms.MultipleChoiceField(choices=[(1, "One"), (2, 'Two "2"')], required=False)


def _markup(make_form, renderer) -> str:
    form = make_form()
    form.renderer = renderer
    if form.is_bound:
        form.is_valid()
    html = "".join(str(field.as_field_group()) for field in form)
    # The templates leave line breaks between tags; a browser reads both alike.
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize(
    "make_form",
    [
        pytest.param(lambda user, case: CaseFilterForm(None, user=user), id="filters"),
        pytest.param(
            lambda user, case: CaseFilterForm(
                {"q": 'Lucía "<b>"', "status": "in_review", "removal_within": "x", "overdue": "on"},
                user=user,
            ),
            id="filters with an error",
        ),
        pytest.param(lambda user, case: CaseForm(), id="case: text, select, textarea, hidden"),
        pytest.param(lambda user, case: CaseForm({"title": ""}), id="case: required errors"),
        pytest.param(lambda user, case: PersonForm(), id="person: date input"),
        pytest.param(lambda user, case: DocumentForm(), id="document: file input"),
        pytest.param(lambda user, case: DocumentForm({}), id="document: no file given"),
        pytest.param(lambda user, case: ConsentForm(case=case), id="consent: date, checkbox"),
        pytest.param(lambda user, case: NoteForm(), id="note"),
        pytest.param(lambda user, case: SignInForm(), id="sign-in: password"),
        pytest.param(lambda user, case: InvitationAcceptForm(), id="invitation: help texts"),
        pytest.param(lambda user, case: SettingsForm(), id="settings: radios, help texts"),
        pytest.param(lambda user, case: GroupedChoicesForm(), id="selects: groups, multiple"),
        pytest.param(
            lambda user, case: GroupedChoicesForm({"grouped": "on", "several": ["2"]}),
            id="selects: chosen values",
        ),
    ],
)
def test_one_pass_markup_is_django_markup(make_form, director, caseworker):
    user, case = director, make_case(caseworker)

    def form():
        return make_form(user, case)

    assert _markup(form, OnePassRenderer()) == _markup(form, DjangoTemplates())


def test_a_file_input_is_written_byte_for_byte_as_djangos():
    form = DocumentForm({})
    form.is_valid()
    written = {}
    for renderer in (OnePassRenderer(), DjangoTemplates()):
        form.renderer = renderer
        written[type(renderer)] = str(form["upload"])
    assert written[OnePassRenderer] == written[DjangoTemplates]
    assert 'aria-invalid="true"' in written[OnePassRenderer]
