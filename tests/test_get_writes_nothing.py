"""No GET request writes to the database: every page a kiosk, a phone or a manager at the desk
can open, walked link by link, leaves the SQLite file as it was."""

import re
import sqlite3
from collections import deque
from urllib.parse import urljoin, urlsplit

from test_staff import get, signed_in, todays_appointment, walk_in

from kiosk.extensions import db
from kiosk.models import StaffRole

#: Links that are not pages of this app, or that would end the walk.
SKIP = re.compile(r"^/static/|\.(png|svg|ico|css|js)$")
#: GETs known to write, each with its reason; to be made POSTs (see the report on issue 12).
#: GET pages allowed to write: none.
KNOWN_WRITERS: set[str] = set()
LINK = re.compile(r'(?:href|hx-get|src)="([^"#]+)"')
MOST = 600


def _pages(client, seeds: list[str], writes) -> list[str]:
    """Every same-site address reachable by GET from the seeds (at most MOST); `writes` is
    told each one after it is answered."""
    seen, todo, walked = set(seeds), deque(seeds), []
    while todo and len(walked) < MOST:
        url = todo.popleft()
        response = get(client, url)
        walked.append(f"{response.status_code} {url}")
        writes(url)
        if "text/html" not in response.content_type:
            continue
        for link in LINK.findall(response.get_data(as_text=True)):
            link = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.netloc or SKIP.search(parts.path) or link in seen:
                continue
            seen.add(link)
            todo.append(link)
    return walked


def _get_rules(app) -> list[str]:
    """Every GET route that needs no argument: where the walk starts from."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not SKIP.search(rule.rule)
    )


def test_no_page_writes_to_the_database(app, database):
    # Something in every state worth drawing: an appointment checked in, a walk-in waiting.
    appointment = todays_appointment(app)
    appointment.status = "checked_in"
    walk_in()
    db.session.commit()
    manager = signed_in(app, "zhao", StaffRole.manager)
    kiosk = app.test_client()
    db.session.remove()

    # Another connection's commit changes this connection's data_version.
    watcher = sqlite3.connect(database)
    version = [watcher.execute("PRAGMA data_version").fetchone()[0]]
    writers = []

    def writes(url: str) -> None:
        db.session.remove()
        now = watcher.execute("PRAGMA data_version").fetchone()[0]
        if now != version[-1] and url not in KNOWN_WRITERS:
            writers.append(url)
        version.append(now)

    walked = _pages(kiosk, _get_rules(app), writes) + _pages(manager, _get_rules(app), writes)

    assert len(walked) > 100, walked  # the walk really went through the site
    for must in ("/jobs", "/appointments/policy_consultation", "/staff/queue", "/staff/visits/"):
        assert any(f" {must}" in line for line in walked), must
    assert any("/at/" in line for line in walked)  # a booking form, slot not yet made
    assert writers == []  # the pages whose GET changed the database
