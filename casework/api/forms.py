from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import DateInput, ServiceForm


class ApiTokenForm(ServiceForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Our client database”."),
    )
    expires_on = forms.DateField(
        label=_("Last day it works"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a token that works until you revoke it."),
    )
