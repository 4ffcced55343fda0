"""Sync as staff and seekers see it: the station's state and "sync now", the kiosk's link
mark, and the hub's page of stations (served by the app, read as a person reads it)."""

import contextlib
import socket
import threading
import time

import pytest
from station_app import make_app
from sync_harness import hub_config
from test_staff import csrf, get, signed_in

from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.sync.wire.signing import signed_headers


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_a_station_without_a_hub_says_so_and_the_kiosk_shows_no_mark(app):
    desk = signed_in(app, "wang")
    page = get(desk, "/staff/sync/").get_data(as_text=True)
    assert "本站没有设置中心" in page
    assert "bar-link-state" not in get(app.test_client(), "/").get_data(as_text=True)


@pytest.fixture
def caravan(database):
    app = make_app(
        database, HUB_URL=f"http://127.0.0.1:{closed_port()}", HUB_SECRET="s", SYNC_TRIES=1
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


HX = {"HX-Request": "true"}


def watch(desk, shown: str, seconds: float = 20) -> str:
    """Poll the state fragment as the page does (htmx, every 2 s) until the round has ended."""
    deadline = time.monotonic() + seconds
    while 'hx-trigger="every 2s"' in shown:
        assert time.monotonic() < deadline, "the round never ended"
        time.sleep(0.2)
        shown = get(desk, "/staff/sync/state?watch=1", **HX).get_data(as_text=True)
    return shown


def test_sync_now_out_of_reach_keeps_the_records_and_says_so(caravan):
    desk = signed_in(caravan, "wang")
    page = get(desk, "/staff/sync/").get_data(as_text=True)
    assert "立即同步" in page and "从未" in page
    with caravan.app_context():
        answer = desk.post("/staff/sync/now", data={"csrf_token": csrf(page)}, headers=HX)
    shown = watch(desk, answer.get_data(as_text=True))
    assert "连不上中心；记录不会丢失，下次同步从这里继续。" in shown
    assert "连不上中心：这里没有网络，或者中心没有运行。" in shown  # why, in the staff's words
    assert "unreachable: ConnectionError" in shown  # and the detail for a technician
    kiosk = get(caravan.test_client(), "/").get_data(as_text=True)
    assert "离线" in kiosk  # the caravan's kiosk shows it is offline


class StalledHub:
    """A hub that takes connections and never answers (a link that black-holes)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.connections.append(self.listener.accept()[0])

    def close(self) -> None:
        self.listener.close()
        for connection in self.connections:
            connection.close()


def test_sync_now_answers_at_once_and_two_clicks_run_one_round(database):
    stalled = StalledHub()
    app = make_app(database, HUB_URL=stalled.url, HUB_SECRET="s", SYNC_TRIES=1, SYNC_TIMEOUT=3)
    try:
        with app.app_context():
            desk = signed_in(app, "wang")
            token = csrf(get(desk, "/staff/sync/").get_data(as_text=True))
            started = time.monotonic()
            first = desk.post("/staff/sync/now", data={"csrf_token": token}, headers=HX)
            assert time.monotonic() - started < 1  # the request does not wait for the round
            shown = first.get_data(as_text=True)
            assert "正在同步，请稍候…" in shown and 'hx-trigger="every 2s"' in shown
            again = desk.post("/staff/sync/now", data={"csrf_token": token}, headers=HX)
            assert "正在同步，请稍候…" in again.get_data(as_text=True)  # the same round, watched
            # The timer's `kiosk sync` meanwhile skips its round too.
            skipped = app.test_cli_runner().invoke(args=["sync"])
            assert skipped.exit_code == 0 and "already running" in skipped.output
            shown = watch(desk, shown)
            assert "unreachable: ReadTimeout" in shown and "正在同步，请稍候…" not in shown
            assert len(stalled.connections) == 1  # two clicks and a timer: one round
            db.session.remove()
    finally:
        stalled.close()
        with app.app_context():
            db.engine.dispose()


def test_a_last_sync_in_the_future_does_not_show_online(caravan):
    """The box's clock jumped back after a good round: that round is no proof of a link."""
    from datetime import timedelta

    from kiosk.models import utcnow
    from kiosk.sync.station.rounds import LAST_ERROR, LAST_SUCCESS, write_state

    def mark(when) -> str:
        with caravan.app_context():
            write_state(db.session, LAST_SUCCESS, when.isoformat())
            write_state(db.session, LAST_ERROR, "")
            db.session.commit()
        return get(caravan.test_client(), "/").get_data(as_text=True)

    assert "在线" in mark(utcnow() - timedelta(minutes=1))
    shown = mark(utcnow() + timedelta(days=3))
    assert "离线" in shown and "在线" not in shown


def test_the_kiosk_mark_reads_in_mongolian(caravan):
    client = caravan.test_client()
    get(client, "/lang/mn_Mong_CN")
    assert "ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠦᠭᠡᠢ" in get(client, "/").get_data(as_text=True)


def test_the_hub_lists_each_station_with_its_last_contact(postgres_url, tmp_path):
    hub = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))
    with hub.app_context():
        load_reference_data()
        db.session.commit()
        made = hub.test_cli_runner().invoke(
            args=["hub", "add-station", "ST-A", "--name", "新华站", "--region", "150105"]
        )
        secret = made.output.splitlines()[1]
        manager = signed_in(hub, "admin")
        before = get(manager, "/staff/sync/").get_data(as_text=True)
        assert "ST-A" in before and "新华站" in before and "从未" in before
        headers = signed_headers("ST-A", secret, "POST", "/sync/hello", "b", b"")
        assert hub.test_client().post("/sync/hello", headers=headers).status_code == 200
        after = get(manager, "/staff/sync/").get_data(as_text=True)
        assert "从未" not in after.split("ST-A")[1].split("</tr>")[0]
        db.session.remove()
        db.engine.dispose()
