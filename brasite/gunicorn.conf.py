"""gunicorn settings for `make serve` and the systemd unit in docs/deploy.md; the environment overrides."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's rule of thumb, 2 × cores + 1; WEB_CONCURRENCY sets it when the machine is shared.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows large; not so often that restarts cost much
# (at 1,000 a busy site restarted a worker every few seconds, a second of CPU each time).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# Requests are logged by brasite.middleware.RequestLogMiddleware as JSON; gunicorn's own messages too.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "brasite.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
# No runtime control socket: nothing uses it, and its default path is shared by every gunicorn on the host.
control_socket_disable = True
# Trust X-Forwarded-* only from the proxy on this host (nginx); Django reads X-Forwarded-Proto itself.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
