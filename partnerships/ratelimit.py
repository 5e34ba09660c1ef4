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


def _hashed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def allow(request, scope: str, *, limit: int, period: datetime.timedelta, key: str | None = None) -> bool:
    """Count this request in `scope` and say whether it is within `limit` per `period`.

    Counted per client address, or per `key` (e.g. an email address). Atomic without locks: the hit is
    committed first and then every hit in the window is counted, so of any `limit` + 1 requests at the
    same moment the last one written sees them all: never more than `limit` get through. Refused
    requests count too, so a flood keeps its sender out for the whole period. Call it outside a
    transaction (views are), so that the hit is seen by the others at once.
    """
    since = timezone.now() - period
    hashed = _hashed(key if key is not None else client_address(request))
    RateLimitHit.objects.filter(scope=scope, created_at__lt=since).delete()
    RateLimitHit.objects.create(scope=scope, key=hashed)
    return RateLimitHit.objects.filter(scope=scope, key=hashed, created_at__gte=since).count() <= limit
