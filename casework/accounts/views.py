from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from casework.audit.models import Action
from casework.audit.services import audit_record

from . import rules, selectors, services
from .forms import SecondFactorCodeForm


@require_POST
@login_not_required
def language_set(request):
    """Switch the interface language; a signed-in user keeps the choice on the account."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return set_language(request)


@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """Council staff add an authenticator app: the secret, then one code to prove it works."""
    user = request.user
    if not rules.can_enrol_second_factor(user):
        raise PermissionDenied
    if selectors.second_factor_device(user) is not None:
        return render(request, "accounts/second_factor_enrol.html", {"enrolled": True})
    device = services.second_factor_enrolment_start(user=user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_enrolment_confirm(device=device, token=form.cleaned_data["code"]):
            django_otp.login(request, device)
            request.session[services.SECOND_FACTOR_SESSION_KEY] = True
            messages.success(
                request, _("Two-step sign-in is on: you will be asked for a code at each sign-in.")
            )
            return redirect("account_settings")
        form.add_error("code", _("This code is not the one your app shows now. Try the next one."))
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "config_url": device.config_url,
            "secret": b32encode(device.bin_key).decode(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    """The second step of signing in, for an account with an authenticator."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = settings.LOGIN_REDIRECT_URL
    device = selectors.second_factor_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(next_url)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_check(device=device, token=form.cleaned_data["code"]):
            django_otp.login(request, device)
            return redirect(next_url)
        audit_record(action=Action.LOGIN_FAILED, request=request, target="second step")
        form.add_error("code", _("This code is not right, or it has expired. Try the next one."))
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )
