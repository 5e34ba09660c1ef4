"""Settings for the partnerships portal: one module, configured through the environment.

Every variable is explained in `.env.example`.
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable `name`, or `default`; raise when neither is there."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def development_secret_key() -> str:
    """A random key made once per checkout and kept in `.secret_key` (never committed), so that nobody can
    forge the signed links of somebody else's development server."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret_key()
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set a long random SECRET_KEY in production, "
            "or DEBUG=true for local development (see .env.example)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "partnerships",
    "hosting",
    "programmes",
    "imports",
    "privacy",
    "reporting",
    "reminders",
    "demo",
]

MIDDLEWARE = [
    "brasite.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "brasite.middleware.PermissionsPolicyMiddleware",
    "brasite.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "brasite.middleware.SessionKeepAliveMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "brasite.lib.drafts.DraftKeepingLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "reporting.page_cache.PageCacheMiddleware",  # last: it answers for the view
]

ROOT_URLCONF = "brasite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brasite.lib.drafts.draft_context",
                "partnerships.groups.portal_context",
            ],
        },
    },
]

WSGI_APPLICATION = "brasite.wsgi.application"

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The agreements' covering indexes (INCLUDE columns) are plain indexes on SQLite, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the figure queries on every run (about 36 ms of a 68 ms region overview at
    # 20,000 agreements) to save less than that: off for this portal's short queries.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) when several app servers run behind a load balancer: sessions and rate limits
# must then be the same on every server. Without REDIS_URL each process keeps its own memory cache.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "brasite.lib.redis_cache.RedisCache",  # Django's, reusing its clients
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "partnerships"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "partnerships.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:dashboard"
LOGOUT_REDIRECT_URL = "reporting:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Password-reset emails per hour: per client address, and per email address asked for.
PASSWORD_RESET_LIMITS = {
    "client": env_int("PASSWORD_RESET_CLIENT_LIMIT", 10),
    "address": env_int("PASSWORD_RESET_ADDRESS_LIMIT", 3),
}

# Sessions expire after 30 minutes without activity. A request renews the session at most once a minute
# (brasite.middleware.SessionKeepAliveMiddleware), not on every request.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_RENEW_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Failed logins: five tries per account and address, then a pause of one hour. The account is the login
# address as login reads it (any case, no spaces); the address is the client's, behind trusted proxies.
# Never the account alone: guessing at somebody's address must not lock them out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "partnerships.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "partnerships.lockout.lockout_client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English keeps day-month-year and the 24-hour clock (brasite/formats/en/formats.py).
FORMAT_MODULE_PATH = ["brasite.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60 if not DEBUG else 0

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# The portal's name: data, never a translated string (its groups of municipalities are in the admin).
PORTAL_NAME = env_str("PORTAL_NAME", "Partnerskabsportalen")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def served_site_url(argv: list[str]) -> str:
    """The address `manage.py runserver [ADDR:]PORT` serves (default 127.0.0.1:8000), so that in development
    every emailed link follows the port actually served (`make run PORT=8100`)."""
    host, port = "127.0.0.1", "8000"
    if argv[1:2] == ["runserver"]:
        positional = [arg for arg in argv[2:] if not arg.startswith("-")]
        if positional:
            address, _colon, port = positional[0].rpartition(":")
            if address and address not in {"0.0.0.0", "[::]", "::"}:
                host = address
    return f"http://{host}:{port}"


# The portal's address as people reach it, used for every link in emails (no trailing slash). In
# development it follows the port `runserver` serves unless SITE_URL is set.
SITE_URL = env_str("SITE_URL", served_site_url(sys.argv)).rstrip("/")

# Host sign-ups: submissions per IP address and hour, and days a confirmation link stays valid.
HOST_SIGNUP_RATE_LIMIT = env_int("HOST_SIGNUP_RATE_LIMIT", 5)
HOST_SIGNUP_LINK_DAYS = env_int("HOST_SIGNUP_LINK_DAYS", 7)
# Reminders (manage.py send_reminders, daily): the weekday of the coordinators' weekly digest (0 = Monday),
# the month in which approved hosts are asked whether they host this school year, and the days its link
# stays valid (a reminder with a fresh link follows after 14 days).
REMINDERS_DIGEST_WEEKDAY = env_int("REMINDERS_DIGEST_WEEKDAY", 0)
HOST_QUESTION_MONTH = env_int("HOST_QUESTION_MONTH", 8)
HOST_QUESTION_LINK_DAYS = env_int("HOST_QUESTION_LINK_DAYS", 30)
if not 0 <= REMINDERS_DIGEST_WEEKDAY <= 6:
    raise ImproperlyConfigured(
        f"REMINDERS_DIGEST_WEEKDAY must be 0 (Monday) to 6, not {REMINDERS_DIGEST_WEEKDAY}."
    )
if not 1 <= HOST_QUESTION_MONTH <= 12:
    raise ImproperlyConfigured(f"HOST_QUESTION_MONTH must be 1 to 12, not {HOST_QUESTION_MONTH}.")

# Unconfirmed and rejected host sign-ups are deleted this many days after they were sent or rejected.
HOST_SIGNUP_RETENTION_DAYS = env_int("HOST_SIGNUP_RETENTION_DAYS", 30)
# Proxies in front of the portal that append to X-Forwarded-For (0: use the connection's address).
RATE_LIMIT_PROXY_COUNT = env_int("RATE_LIMIT_PROXY_COUNT", 0)

# Where visitors report accessibility problems (shown on the accessibility statement).
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "partnerskaber@example.dk")
# The official accessibility statement, made in Digitaliseringsstyrelsen's WAS-Tool; the portal's own page
# summarises it and /was leads to it. Empty: /was leads to the portal's page.
ACCESSIBILITY_STATEMENT_URL = env_str("ACCESSIBILITY_STATEMENT_URL", "")
# When the accessibility of the portal (admin included) was last reviewed: at least once a year.
try:
    ACCESSIBILITY_REVIEWED_ON = datetime.date.fromisoformat(
        env_str("ACCESSIBILITY_REVIEWED_ON", "2026-12-02")
    )
except ValueError:
    raise ImproperlyConfigured("ACCESSIBILITY_REVIEWED_ON must be a date such as 2026-12-02.") from None

# The CVR register's system-to-system access (Erhvervsstyrelsen), for company look-ups by CVR number.
# Without a user and a password the look-up is off. Seconds for one whole look-up before giving up.
CVR_API_URL = env_str("CVR_API_URL", "http://distribution.virk.dk/cvr-permanent")
CVR_API_USER = env_str("CVR_API_USER", "")
CVR_API_PASSWORD = env_str("CVR_API_PASSWORD", "")
CVR_API_TIMEOUT = env_int("CVR_API_TIMEOUT", 3)
if CVR_API_TIMEOUT <= 0:
    raise ImproperlyConfigured(f"CVR_API_TIMEOUT must be at least 1 second, not {CVR_API_TIMEOUT}.")

# Security headers. HTTPS settings are on whenever DEBUG is off; the proxy in front sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal never uses, switched off for every response (brasite.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The goal-counting rule (partnerships CooperationAgreement.counting_q) counts agreements in force; this
# setting says which programmes count (empty: every programme).
GOAL_PROGRAMME_SLUGS = env_list("GOAL_PROGRAMME_SLUGS", "")

# bench/bench_pages.py only: a plain page (base.html through every middleware) at /bench/floor/, the floor
# that page timings are compared with. Never on in production.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# Logs go to stdout, one JSON object per line (LOG_FORMAT=text for plain lines while developing).
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "brasite.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's own access lines would repeat brasite.requests.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
