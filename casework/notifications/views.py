from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework.api.forms import ApiTokenForm
from casework.api.selectors import api_tokens_of

from . import services
from .forms import SettingsForm


@require_http_methods(["GET", "POST"])
def account_settings(request):
    """The signed-in user's own settings: language, time zone, e-mail notifications; their API
    tokens (made and revoked by casework.api.token_views)."""
    user = request.user
    form = SettingsForm(
        request.POST or None,
        current_time_zone=user.time_zone,
        initial={
            "language": user.language,
            "time_zone": user.time_zone,
            "telephone": user.telephone,
            "notification_mode": services.preference_mode(user),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your settings are saved."))
        return redirect("account_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "api_tokens": api_tokens_of(user), "token_form": ApiTokenForm()},
    )
