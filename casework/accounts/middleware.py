import zoneinfo

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from . import rules
from .services import SECOND_FACTOR_SESSION_KEY


class UserPreferencesMiddleware:
    """Serve a signed-in user in their own language and time zone.

    Runs after authentication. The language chosen on the login page (cookie) applies until the
    user signs in; after that the account's preference wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


class SecondFactorMiddleware:
    """An account that enrolled an authenticator gives its code before reaching any page; one
    that must use a second factor and has none enrols first (rules.must_use_second_factor).

    Runs after django-otp's OTPMiddleware (which tells whether this session gave a code). Only
    the code page, the enrolment page, signing out and switching the language stay open
    meanwhile. Whether the account has an authenticator is read once, at sign-in (receivers).
    """

    OPEN = ("second_factor_verify", "second_factor_enrol", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            step = self._owed(request)
            if step and request.path_info not in {reverse(name) for name in self.OPEN}:
                return redirect_to_login(request.get_full_path(), login_url=reverse(step))
        return self.get_response(request)

    @staticmethod
    def _owed(request) -> str | None:
        """The page the session must go through first, if any."""
        if request.session.get(SECOND_FACTOR_SESSION_KEY):
            return "second_factor_verify"
        if rules.must_use_second_factor(request.user):
            return "second_factor_enrol"
        return None


class PrivateNoStoreMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a proxy.

    Pages, CSV exports, documents and briefings are about refugees and children: a shared
    computer's browser history, its back button or a caching proxy must not keep a copy.
    Static files (served by whitenoise before this runs) stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
