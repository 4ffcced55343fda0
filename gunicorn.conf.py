"""Gunicorn settings for a station box (2 cores) and for the hub; `make run` and systemd use it."""

import hashlib
import multiprocessing
import os
import re

bind = os.environ.get("KIOSK_BIND", "127.0.0.1:8000")
# Each gunicorn its own control socket (`gunicornc -s PATH`), named by its role and address:
# with gunicorn's one default path, a hub and stations on one box took over each other's
# socket, and stopping one deleted the other's.
_runtime = os.environ.get("XDG_RUNTIME_DIR") or os.path.expanduser("~/.gunicorn")
_name = re.sub(r"[^A-Za-z0-9.]+", "-", f"{os.environ.get('KIOSK_ROLE', 'station')}-{bind}")
_name = _name.strip("-")
# A Unix socket's path holds at most 107 bytes, and gunicorn goes on without one that is longer:
# in a deep runtime folder the name becomes a short digest of itself, still one per server.
if len(os.fsencode(os.path.join(_runtime, f"kiosk-{_name}.ctl"))) > 107:
    _name = hashlib.sha256(_name.encode()).hexdigest()[:12]
control_socket = os.environ.get("KIOSK_CONTROL_SOCKET") or os.path.join(
    _runtime, f"kiosk-{_name}.ctl"
)
# Sync workers: requests are short and CPU-bound (SQLite, templates), so one per core and one
# spare; more only fight over the two cores.
workers = int(os.environ.get("KIOSK_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Import the app once in the master: a recycled worker is a fork, not a fresh import of
# everything. The app opens no database connection at start-up, so nothing is shared.
preload_app = True
timeout = 30
# The request line is capped (gunicorn's largest cap): an unbounded one parses in quadratic
# time, and a 16 MB URL held a worker for 22 s. A search of a few hundred characters (the app
# refuses more than 40 with a message in the person's language) stays far below this; a longer
# line gets 414 at once. deploy/nginx/kiosk-hub.conf's large_client_header_buffers matches it.
limit_request_line = 8190
keepalive = 5
# Recycle workers now and then so a box that runs for months never creeps in memory.
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
# No query strings in the access log: search text is the person's own words; and no slip or
# hand-off tokens in paths (kiosk/access_log.py): whoever holds one opens the record.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "kiosk.access_log.TokenMaskingLogger"


def when_ready(server) -> None:
    """Say where the station really answers (`make run`, the journal): gunicorn's own line
    names 0.0.0.0, which nobody can open; and warn when phones cannot reach the QR codes."""
    from urllib.parse import urlsplit

    from kiosk.qr import is_loopback, served_urls

    urls = [url for address in server.cfg.bind for url in served_urls(address)]
    server.log.info("The station answers at %s", "  ".join(urls))
    qr_base = os.environ.get("KIOSK_PUBLIC_URL") or urls[-1]
    if is_loopback(urlsplit(qr_base).hostname or ""):
        server.log.warning(
            "QR codes lead to %s, which phones cannot reach: set KIOSK_BIND=0.0.0.0:8000, or "
            "KIOSK_PUBLIC_URL to the station's Wi-Fi address.",
            qr_base,
        )
