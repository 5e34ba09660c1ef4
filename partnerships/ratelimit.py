"""A small rate limiter kept in the database, so it works without a shared cache (and in CI).

Addresses are stored only as keyed hashes and forgotten once they leave the window.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from .models import RateLimitHit


def client_address(request) -> str:
    """The client's IP address; behind `RATE_LIMIT_PROXY_COUNT` proxies, read from X-Forwarded-For."""
    proxies = settings.RATE_LIMIT_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(request) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, client_address(request).encode(), hashlib.sha256).hexdigest()


def limit_reached(request, scope: str, *, limit: int, period: datetime.timedelta) -> bool:
    """Whether the client has used up `limit` counted requests in `scope` within `period`."""
    since = timezone.now() - period
    RateLimitHit.objects.filter(scope=scope, created_at__lt=since).delete()
    return RateLimitHit.objects.filter(scope=scope, key=_key(request), created_at__gte=since).count() >= limit


def count_hit(request, scope: str) -> None:
    RateLimitHit.objects.create(scope=scope, key=_key(request))
