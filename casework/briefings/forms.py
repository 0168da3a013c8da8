from django import forms
from django.utils.translation import gettext_lazy as _

from casework.accounts.models import Agency
from casework.cases.models import Case, Language

from . import selectors


class BriefingForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Agency.choices)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("The recipient's language")), *Language.choices],
    )
    shared_with_organisation = forms.BooleanField(
        label=_("Share with the member organisation"),
        required=False,
        initial=True,
        help_text=_("Its caseworkers can then download this version."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].initial = selectors.default_recipient(case)
        defaults = ", ".join(
            f"{code}: {Language(selectors.default_language(case, code)).label}"
            for code in Agency.values
        )
        self.fields["language"].help_text = _(
            "By default, the language of the agency's contacts (%(defaults)s)."
        ) % {"defaults": defaults}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "recipient": data["recipient"],
            "language": data["language"] or None,
            "shared_with_organisation": data["shared_with_organisation"],
        }
