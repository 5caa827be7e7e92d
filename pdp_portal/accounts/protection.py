"""Slow password guessing on one account from many addresses, without locking its owner out.

django-axes locks a (user, IP address) pair after AXES_FAILURE_LIMIT bad passwords. An attacker
spread over many addresses gets that many tries from each; so failures are also counted per
account, across every address: past ACCOUNT_FAILURE_LIMIT, each further try on the account waits
for a delay that doubles with every failure (ACCOUNT_DELAY_SECONDS up to ACCOUNT_DELAY_MAX_SECONDS).

A lockout per account alone would hand the attacker a way to keep the owner out. So a browser
that has completed a two-factor login for the account carries a signed "known device" cookie
(KNOWN_DEVICE_DAYS); from it the owner signs in whatever the account's delay, still limited per
(user, IP) by axes like everyone.
"""

import math

from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.utils import timezone

COOKIE = "pdp_known_device"
_SALT = "pdp_portal.accounts.known_device"
# A browser shared by a few colleagues remembers each of them; the oldest falls out.
_MAX_ACCOUNTS_PER_COOKIE = 5


def account_wait_seconds(username: str) -> int:
    """Return how many seconds the next password try on ``username`` must wait (0: none).

    Counted from axes' own record of failures, on every address, within its cool-off window:
    an unknown username is slowed the same way, so the answer says nothing about who exists.
    """
    if not username:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start"), last=Max("attempt_time")
    )
    count = failures["n"] or 0
    limit = settings.ACCOUNT_FAILURE_LIMIT
    if count < limit:
        return 0
    delay = min(
        settings.ACCOUNT_DELAY_SECONDS * 2 ** (count - limit), settings.ACCOUNT_DELAY_MAX_SECONDS
    )
    waited = (timezone.now() - failures["last"]).total_seconds()
    return max(0, math.ceil(delay - waited))


def _token(user) -> str:
    # The session hash changes with the password: a password change forgets every known device.
    return f"{user.pk}:{user.get_session_auth_hash()[:20]}"


def _tokens(request) -> list[str]:
    try:
        value = request.get_signed_cookie(
            COOKIE, salt=_SALT, max_age=settings.KNOWN_DEVICE_DAYS * 86400
        )
    except (KeyError, signing.BadSignature):
        return []
    return [t for t in value.split("|") if t][:_MAX_ACCOUNTS_PER_COOKIE]


def is_known_device(request, user) -> bool:
    """Return whether this browser completed a two-factor login for ``user`` before."""
    return user is not None and _token(user) in _tokens(request)


def remember_device(request, response, user) -> None:
    """Mark this browser as a known device of ``user`` (after a successful two-factor login)."""
    tokens = [t for t in _tokens(request) if not t.startswith(f"{user.pk}:")]
    tokens = ([_token(user)] + tokens)[:_MAX_ACCOUNTS_PER_COOKIE]
    response.set_signed_cookie(
        COOKIE,
        "|".join(tokens),
        salt=_SALT,
        max_age=settings.KNOWN_DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
