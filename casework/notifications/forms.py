from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from casework.accounts.models import telephone_validator

from .models import NotificationPreference

# The zones the council's members and contacts work in; any other zone already on an account
# (set by an administrator) is offered as well.
TIME_ZONES = [
    ("America/St_Johns", _("Newfoundland (St. John's)")),
    ("America/Halifax", _("Atlantic (Halifax, Moncton)")),
    ("America/Toronto", _("Eastern (Toronto, Ottawa, Montreal)")),
    ("America/Winnipeg", _("Central (Winnipeg)")),
    ("America/Regina", _("Saskatchewan (Regina)")),
    ("America/Edmonton", _("Mountain (Edmonton, Calgary)")),
    ("America/Vancouver", _("Pacific (Vancouver)")),
    ("America/Whitehorse", _("Yukon (Whitehorse)")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]


class SettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Dates and times are shown in this time zone, on the pages and in e-mails."),
    )
    telephone = forms.CharField(
        label=_("Telephone"),
        max_length=40,
        required=False,
        validators=[telephone_validator],
        help_text=_("Where the council can reach you about an urgent case."),
    )
    notification_mode = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=NotificationPreference.Mode.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, current_time_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        zones = list(TIME_ZONES)
        if current_time_zone and current_time_zone not in dict(zones):
            zones.insert(0, (current_time_zone, current_time_zone))
        self.fields["time_zone"].choices = zones
