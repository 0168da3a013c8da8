"""Rate limits of the API: per token (each token its own budget), else per account, else per
address. Counted in Django's cache: give every web process the same one (CACHES) in
production, or each process counts on its own."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read per request, not at import as DRF's default does: settings may change in tests.
        return settings.CASEWORK["API_RATE"]

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
