"""How the API knows who is asking: a personal token (Authorization: Bearer <key>); the
signed-in browser's session also works (DRF's SessionAuthentication, with its CSRF check), for
the browsable pages and the documentation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import selectors, services


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal API token: the request acts as the token's user, with exactly their rights.

    An unknown, revoked or expired key, or the key of a deactivated account, is refused with
    401 and the same message: the answer says nothing about which it was.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = selectors.api_token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        services.api_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A personal API token, created on your settings page (My settings).")
            ),
        }
