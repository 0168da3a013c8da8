import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import DateInput
from casework.inputs import CleanInputFormMixin

# A period longer than this is refused: it would say little and cost a long scan.
LONGEST_PERIOD_DAYS = 10 * 366


class PeriodForm(CleanInputFormMixin, forms.Form):
    """The period of the statistics: ?from=YYYY-MM-DD&to=YYYY-MM-DD, this year by default."""

    def __init__(self, query=None):
        # Bound only when a date was asked: ?audience=shareable alone keeps the default period.
        super().__init__(query if query and ("from" in query or "to" in query) else None)
        today = timezone.localdate()
        # "from" is a Python keyword: these fields cannot be declared as class attributes.
        self.fields["from"] = forms.DateField(
            label=_("From"), widget=DateInput(), initial=today.replace(month=1, day=1)
        )
        self.fields["to"] = forms.DateField(label=_("To"), widget=DateInput(), initial=today)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end:
            if start > end:
                raise ValidationError(_("The period must start before it ends."))
            if (end - start).days > LONGEST_PERIOD_DAYS:
                raise ValidationError(_("Choose a period of ten years or less."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """(from, to) when valid; the default period when nothing was asked; else None."""
        if not self.is_bound:
            return self.fields["from"].initial, self.fields["to"].initial
        if not self.is_valid():
            return None
        return self.cleaned_data["from"], self.cleaned_data["to"]
