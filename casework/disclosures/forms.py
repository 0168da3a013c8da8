from django import forms
from django.utils.translation import gettext_lazy as _

from casework.accounts.models import Agency, Role, User
from casework.cases.forms import AboutCaseForm, DisclosureItemsMixin
from casework.forms_rendering import OnePassSelect
from casework.inputs import CleanInputFormMixin


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user.display_name} ({user.organisation})"


class DisclosureForm(DisclosureItemsMixin, AboutCaseForm):
    """A new disclosure of a case to an agency (a new briefing version, more documents)."""

    agency = forms.ChoiceField(label=_("Disclose to"), choices=Agency.choices)
    contact = ContactChoice(
        label=_("Named contact at the agency"),
        required=False,
        empty_label=_("Any contact of the agency"),
        widget=OnePassSelect,
        queryset=User.objects.filter(
            is_active=True, membership__role=Role.GOVERNMENT_CONTACT
        ).select_related("membership__organisation"),
    )
    consent_override = forms.BooleanField(
        label=_("Disclose without a consent covering the agency"),
        required=False,
        help_text=_("Only when the people concerned cannot sign in time; the reason is kept."),
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for disclosing without consent"), required=False, max_length=2000
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["agency"].initial = case.escalation_target or None

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("consent_override")
            and not cleaned.get("consent_override_reason", "").strip()
        ):
            self.add_error(
                "consent_override_reason",
                _("Give the reason for disclosing without a consent on file."),
            )
        return cleaned

    def service_kwargs(self) -> dict:
        return {
            "agency": self.cleaned_data["agency"],
            "contact": self.cleaned_data["contact"],
            "override_reason": (
                self.cleaned_data["consent_override_reason"]
                if self.cleaned_data["consent_override"]
                else ""
            ),
            **self.item_kwargs(),
        }


class RevokeForm(CleanInputFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
