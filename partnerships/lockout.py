"""How django-axes tells login attempts apart: by the address as login reads it, and by the client's
address as the trusted proxy reports it (the same rule as the sign-up rate limit)."""

from .models import normalize_login
from .ratelimit import client_address


def lockout_username(request, credentials=None) -> str:
    """The attempted login address, spelled as login matches it (`AXES_USERNAME_CALLABLE`)."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "data", request.POST).get("username")
    return normalize_login(value)


def lockout_client_ip(request) -> str:
    """The client's address (`AXES_CLIENT_IP_CALLABLE`), read behind `RATE_LIMIT_PROXY_COUNT` proxies."""
    return client_address(request)
