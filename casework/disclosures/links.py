"""The e-mailed link to a disclosure: signed, for one recipient, for a limited time.

No table holds the links: the token is the disclosure's id and the recipient's account id,
signed with the site's SECRET_KEY (django.core.signing.TimestampSigner, its own salt) and dated.
Whether it still leads anywhere is decided when it is used (views.portal_link): a bad signature,
an age over CASEWORK["DISCLOSURE_LINK_DAYS"], a revoked disclosure or a recipient who can no
longer read it each end it; nothing but its own age is read from the token without the database.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "casework.disclosures.link"


class LinkInvalid(Exception):
    """Not a link this site signed (mistyped, cut short, tampered with)."""


class LinkExpired(Exception):
    """A link this site signed, older than CASEWORK["DISCLOSURE_LINK_DAYS"]."""


@dataclass(frozen=True)
class Link:
    disclosure_id: int
    recipient_id: int


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CASEWORK["DISCLOSURE_LINK_DAYS"])


def link_path(*, disclosure_id: int, recipient_id: int) -> str:
    """The path of a new link (dated now) to the disclosure, for that recipient only."""
    token = _signer().sign_object({"d": disclosure_id, "u": recipient_id}, compress=True)
    return reverse("disclosures:link", args=[token])


def link_read(token: str) -> Link:
    """What the link leads to and for whom; LinkInvalid or LinkExpired when it cannot be used."""
    try:
        payload = _signer().unsign_object(token, max_age=lifetime())
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    try:
        return Link(disclosure_id=int(payload["d"]), recipient_id=int(payload["u"]))
    except (TypeError, KeyError, ValueError) as error:  # signed by us, yet not a link
        raise LinkInvalid from error
