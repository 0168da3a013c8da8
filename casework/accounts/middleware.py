import zoneinfo

from django.utils import timezone, translation


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
