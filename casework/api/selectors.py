"""Reads about API tokens."""

from django.db.models import QuerySet

from casework.accounts.models import User

from .models import ApiToken


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, the revoked and expired ones included (newest first)."""
    return ApiToken.objects.filter(user=user)


def api_token_for_key(key: str) -> ApiToken | None:
    """The working token with this key, with its user, or None (unknown, revoked, expired)."""
    token = (
        ApiToken.objects.select_related("user__membership__organisation")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    return token if token is not None and token.is_active else None
