"""One sync round at a time per box, and "Sync now" outside the web request.

A round can take minutes (60 s × 4 tries per request on a bad link), longer than a worker's
30 s timeout: the desk's button starts it in a thread and answers at once, and the page polls.
A lock file in the instance folder (flock: released by the kernel when its holder dies, even
by SIGKILL) keeps the button, a second click, another worker and the timer's `kiosk sync`
from ever running two rounds at once.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from kiosk.extensions import db
from kiosk.sync.station.rounds import RoundResult, sync_round

LOCK_FILE = "sync.lock"


def _lock_path(app: Flask) -> Path:
    return Path(app.instance_path) / LOCK_FILE


def _try_lock(app: Flask) -> int | None:
    """The lock's file descriptor, held; None when another round holds it."""
    fd = os.open(_lock_path(app), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def round_running(app: Flask) -> bool:
    """Whether a round runs on this box now (in any process)."""
    fd = _try_lock(app)
    if fd is None:
        return True
    _unlock(fd)
    return False


@contextmanager
def one_round(app: Flask) -> Iterator[bool]:
    """Hold the box's round lock for the block; False (and no lock) when a round runs."""
    fd = _try_lock(app)
    try:
        yield fd is not None
    finally:
        if fd is not None:
            _unlock(fd)


def start_round(app: Flask) -> bool:
    """Start a round in the background, unless one runs already; True when this one started.
    The lock is taken here, before the answer, so the page that follows sees it running."""
    fd = _try_lock(app)
    if fd is None:
        return False
    app = getattr(app, "_get_current_object", lambda: app)()  # the app, not current_app

    def run() -> RoundResult | None:
        try:
            with app.app_context():
                try:
                    return sync_round(app, db.session)
                finally:
                    db.session.remove()  # type: ignore[attr-defined]  # the scoped session
        finally:
            _unlock(fd)

    threading.Thread(target=run, name="sync-now", daemon=True).start()
    return True
