"""Loaded with `-p` before Django starts: the test run's environment defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-the-checks-0123456789")
# pytest-django's live server loads the middleware once for the whole run, before any settings fixture:
# without this it would redirect the browser to HTTPS. Tests of the redirect switch it on themselves.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
