from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import ServiceForm, ServiceModelForm
from casework.notifications.forms import TIME_ZONES

from .models import Organisation, Role
from .selectors import OrganisationFilters
from .services import ORGANISATION_DETAILS


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the username's length enforced.

    AuthenticationForm sets the field's max_length after the field is built, so no validator
    checks it: an over-long username went on to authenticate() and into django-axes' table,
    whose column refuses it on PostgreSQL (a 500).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


# Organisations


class OrganisationApplicationForm(ServiceModelForm):
    """A member organisation's application, as in the council's member directory."""

    class Meta:
        model = Organisation
        fields = [
            "name", "name_fr", "email", "telephone", "address", "province", "region",
            "services", "clientele", "works_in_english", "works_in_french", "applicant_name",
            "applicant_email",
        ]  # fmt: skip
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "services": forms.Textarea(attrs={"rows": 3}),
            "clientele": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "applicant_name": _("Once the council approves the application, this person is "
                                "invited to open the organisation's administrator account."),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "province", "applicant_name", "applicant_email"):
            self.fields[name].required = True


class OrganisationForm(ServiceModelForm):
    """The details council staff keep up to date (services.ORGANISATION_DETAILS)."""

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_DETAILS)
        widgets = OrganisationApplicationForm.Meta.widgets


class OrganisationFilterForm(forms.Form):
    text = forms.CharField(label=_("Name, region, services or clientele"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Organisation.Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Organisation.Kind.choices]
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("Any")), *Organisation.Province.choices],
    )

    def filters(self) -> OrganisationFilters:
        if not self.is_valid():
            return OrganisationFilters()
        return OrganisationFilters(**self.cleaned_data)


class ReasonForm(ServiceForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the organisation's history."),
    )


class ApprovalForm(ServiceForm):
    admin_email = forms.EmailField(
        label=_("The administrator's e-mail address"),
        help_text=_("An invitation to open the organisation's administrator account goes here."),
    )
    admin_language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES
    )
    reason = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Invitations and accounts


class InvitationForm(ServiceForm):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]


class InvitationAcceptForm(ServiceForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you will type to sign in: letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password, not only digits."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    telephone = forms.CharField(
        label=_("Telephone (optional)"),
        max_length=40,
        required=False,
        help_text=_("Where the council can reach you about an urgent case."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data.pop("password_again")
        return data


class RoleForm(ServiceForm):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]


class ShareForm(ServiceForm):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        help_text=_("Someone with an account at another member organisation."),
    )
