"""Rate-limit counters in a small SQLite file, shared by all of a box's gunicorn workers.

Flask-Limiter's memory storage is per worker ("5 sign-ins a minute" became 5 per worker), and
a station has no Redis or memcached. This implements `limits`' Storage for its fixed-window
strategy (Flask-Limiter's default) over one table; each count is a single atomic UPSERT, so
workers never lose an increment. Registered as the `sqlite://` scheme:
RATELIMIT_STORAGE_URI = "sqlite:////var/lib/kiosk/rate_limits.sqlite".
"""

import os
import sqlite3
import threading
import time
from urllib.parse import urlsplit

from limits.storage import Storage

#: Every so many counts a worker drops the expired rows, so the file stays small.
PURGE_EVERY = 500

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rate_counter ("
    " key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
)
_INCR = (
    "INSERT INTO rate_counter (key, count, expires) VALUES (:key, :amount, :expires)"
    " ON CONFLICT (key) DO UPDATE SET"
    "  count = CASE WHEN expires <= :now THEN :amount ELSE count + :amount END,"
    "  expires = CASE WHEN expires <= :now THEN :expires ELSE expires END"
    " RETURNING count"
)


class SQLiteStorage(Storage):
    STORAGE_SCHEME = ["sqlite"]  # noqa: RUF012 (limits declares it a list)

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlsplit(uri).path
        # One connection per process and thread: the master imports the app, workers fork.
        self._local = threading.local()
        self._counts = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # counters, not records
            connection.execute(_SCHEMA)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        values = {"key": key, "amount": amount, "expires": now + expiry, "now": now}
        count = self._db().execute(_INCR, values).fetchone()[0]
        self._counts += 1
        if self._counts % PURGE_EVERY == 0:
            self._db().execute("DELETE FROM rate_counter WHERE expires <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute(
                "SELECT count FROM rate_counter WHERE key = ? AND expires > ?", (key, time.time())
            )
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = (
            self._db().execute("SELECT expires FROM rate_counter WHERE key = ?", (key,)).fetchone()
        )
        return max(row[0], time.time()) if row else time.time()

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM rate_counter").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM rate_counter WHERE key = ?", (key,))
