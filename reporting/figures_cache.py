"""Cached figures and pages that are never stale: every key carries a version number that goes up in the
same transaction as any change to what they are made of (`bump_figures_version`, connected in apps.py).

The number lives in the database (one row), so a save in one worker or app server is seen by all of
them at once, whatever the cache backend (local memory per process, or Redis shared): a process that
reads the new number after the commit can only find figures computed from the committed data.
"""

import secrets

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

from .models import FiguresVersion

TABLE = FiguresVersion._meta.db_table  # one row, id 1, read and bumped in plain SQL
TIMEOUT = 60 * 60  # figures are correct until the version changes; the timeout only frees memory


def figures_version() -> int:
    """The current version (one query); a new row starts at a random number, so a flushed and reloaded
    database never meets figures cached for an earlier one.

    Read on every page served from the cache, so in plain SQL: building the ORM query took longer than the
    database took to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    value = row[0] if row else None
    if value is None:
        row, _created = FiguresVersion.objects.get_or_create(pk=1, defaults={"value": secrets.randbits(62)})
        value = row.value
    return value


def bump_figures_version(sender=None, *, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Signal receiver: a change to any record a page shows makes every cached figure and page old.
    Fixture loading (`raw`) skips it: the row is not exported, so a loaded database starts with a new
    number anyway; so does the time of a login, which no page shows.

    It runs after every save, so in plain SQL too: the ORM's update took 1 ms of Python each time, a seventh
    of `seed_demo`."""
    if raw or update_fields == {"last_login"}:
        return
    with transaction.mark_for_rollback_on_error(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1")
        bumped = cursor.rowcount
    if not bumped:
        figures_version()


def bump_on_relations(sender, *, action: str, **kwargs) -> None:
    """Signal receiver: relations added, removed or cleared (e.g. a coordinator's municipalities)."""
    if action.startswith("post_"):
        bump_figures_version()


def _key(version: int, key: str) -> str:
    return f"figures:{version}:{timezone.localdate().isoformat()}:{translation.get_language()}:{key}"


def cached(version: int, key: str, compute):
    """`compute()`, cached under the version, today's date and the language."""
    value = cache.get(_key(version, key))
    if value is None:
        value = compute()
        store(version, key, value)
    return value


def store(version: int, key: str, value) -> None:
    cache.set(_key(version, key), value, TIMEOUT)
