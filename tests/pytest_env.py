"""Loaded with `-p` before Django starts: the test run's environment defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-the-checks-0123456789")
# The live server for browser tests speaks plain HTTP; its middleware is built once, before any fixture runs.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
