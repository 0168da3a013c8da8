"""Personal API tokens: a person's own key to the REST API, acting exactly as them.

The key is shown once, when it is made; only its keyed hash is stored (key_hash), so the table
gives nobody a usable key. A token works until it is revoked or its expiry passes, and only
while its account is active.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# Every key starts with this, so a key pasted somewhere it should not be is recognisable
# (secret scanners look for such prefixes).
KEY_PREFIX = "cwk_"


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Our client database”."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, to tell one's tokens apart; never enough to use one.
    key_start = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"API token {self.pk} ({self.key_start}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        """The keyed hash stored for a key (SECRET_KEY: a stolen table forges no key)."""
        return salted_hmac("casework.api.ApiToken", key, algorithm="sha256").hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )
