"""Writes about API tokens: make one (its key shown once), revoke one. Audited."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.accounts.models import User
from casework.audit.models import Action
from casework.audit.services import audit_record

from .models import KEY_PREFIX, ApiToken

# A write on every request is not worth it: the last-used time is kept to the minute.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenError(Exception):
    """A request about a token that cannot be carried out; the message is for the user."""


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_on: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """A new token of `user` and its key: the only time the key exists outside its hash.

    `expires_on`: the last day the token works (in the user's time zone), or None.
    """
    name = name.strip()
    if not name:
        raise TokenError(_("Give the token a name."))
    expires_at = None
    if expires_on is not None:
        if expires_on < timezone.localdate():
            raise TokenError(_("The expiry date cannot be in the past."))
        expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        key_start=key[: len(KEY_PREFIX) + 4],
        expires_at=expires_at,
    )
    audit_record(action=Action.API_TOKEN_CREATED, actor=user, target=f"API token {token.pk}")
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Stop the token working, at once; it stays listed as revoked."""
    if token.user_id != actor.pk:
        raise TokenError(_("Only its owner can revoke a token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action=Action.API_TOKEN_REVOKED, actor=actor, target=f"API token {token.pk}")
    return token


def api_token_used(*, token: ApiToken) -> None:
    """Note that the token was used now (to the minute: one write a minute at most)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
