import datetime
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from casework.audit.models import Action
from casework.audit.services import audit_record

from . import rules, selectors, services
from .forms import SecondFactorCodeForm
from .throttling import over_limit, too_many_requests


@require_POST
@login_not_required
def language_set(request):
    """Switch the interface language; a signed-in user keeps the choice on the account."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return set_language(request)


def qr_code_svg(uri: str) -> SafeString:
    """The link as a QR code, in SVG drawn here: no script, no image service, no inline style
    (the page's Content-Security-Policy allows none), a title for screen readers."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, light="#fff", svgclass="qr-code", title=_("QR code of the key, for the app")
    )
    # segno escapes the title; the rest is its own markup.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """Council staff and government contacts add an authenticator app: the key (as a QR code
    and as text), then one code to prove it works."""
    user = request.user
    if not rules.can_enrol_second_factor(user):
        raise PermissionDenied
    if selectors.second_factor_device(user) is not None:
        if not user.is_verified():
            # Enrolled in another session: this one gives its code like any other.
            request.session[services.SECOND_FACTOR_SESSION_KEY] = True
            return redirect("second_factor_verify")
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
            "qr_code": qr_code_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
            "required": rules.must_use_second_factor(user),
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


# Passwords: Django's own views, throttled and audited.


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The page after is the same whether or not an account has that
    address; links go to active accounts only (services.password_reset_request)."""

    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if over_limit(
            request,
            Action.PASSWORD_RESET_REQUESTED,
            limit=settings.CASEWORK["PASSWORD_RESETS_PER_ADDRESS_PER_HOUR"],
            window=datetime.timedelta(hours=1),
        ):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.password_reset_request(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(action=Action.PASSWORD_RESET_DONE, request=self.request, actor=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(action=Action.PASSWORD_CHANGED, request=self.request, actor=form.user)
        return response
