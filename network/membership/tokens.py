"""Signed links in membership emails.

Each link carries the member's random key (never the row id or the address),
signed with the site's SECRET_KEY and a salt per purpose, so a link made for
one purpose (unsubscribe) cannot be used for another (leave). Confirmation
links carry a timestamp and expire after MEMBERSHIP_CONFIRM_MAX_AGE;
unsubscribe and leave links do not expire, because the law expects them to
keep working for as long as we hold the data.
"""

import uuid

from django.conf import settings
from django.core import signing

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
LEAVE = "leave"
PURPOSES = (CONFIRM, UNSUBSCRIBE, LEAVE)

# Longer than any token we make; anything longer is refused unread.
MAX_TOKEN_LENGTH = 200


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _signer(purpose):
    salt = f"network.membership.{purpose}"
    if purpose == CONFIRM:
        return signing.TimestampSigner(salt=salt)
    return signing.Signer(salt=salt)


def make_token(member, purpose):
    return _signer(purpose).sign(member.key.hex)


def read_token(token, purpose):
    """The member key in ``token``; raises LinkExpired or LinkInvalid."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkInvalid
    signer = _signer(purpose)
    try:
        if purpose == CONFIRM:
            value = signer.unsign(token, max_age=settings.MEMBERSHIP_CONFIRM_MAX_AGE)
        else:
            value = signer.unsign(token)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    try:
        return uuid.UUID(hex=value)
    except ValueError as error:
        raise LinkInvalid from error
