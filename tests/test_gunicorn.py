"""The station as `make run` serves it: gunicorn with the project's own settings."""

import select
import shutil
import socket
import tempfile
import time
from pathlib import Path

import requests
from gunicorn.ctl.client import ControlClient
from station_app import STARTUP_SECONDS, GunicornApp, make_app
from sync_harness import hub_config, hub_process

from kiosk.extensions import db


def test_gunicorn_serves_the_station(served):
    health = requests.get(f"{served}/healthz", timeout=5).json()
    assert health["ok"] is True and health["role"] == "station" and health["database"] is True
    assert health["printer"] == {"configured": False, "last_slip": None}
    assert health["jobs"] > 0
    home = requests.get(served, timeout=5)
    assert home.status_code == 200 and "找工作" in home.text


def test_a_long_search_gets_a_message_through_gunicorn(served):
    for q in ("焊" * 200, "ᠠ" * 200):
        response = requests.get(
            f"{served}/jobs", params={"q": q, "region": "150102", "pay": "3000"}, timeout=5
        )
        assert response.status_code == 200
        assert "搜索内容太长了" in response.text


def test_a_16_mb_url_is_answered_at_once_with_414(served):
    port = int(served.rsplit(":", 1)[1])
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"GET /jobs?q=")
        answer = b""
        for _ in range(16 * 1024 // 64):  # 16 MB in 64 KB pieces, until the station answers
            if select.select([connection], [], [], 0)[0]:
                break
            try:
                connection.sendall(b"a" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                break
        select.select([connection], [], [], 2)
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
    assert time.monotonic() - started < 2
    assert requests.get(f"{served}/jobs", timeout=5).status_code == 200  # still answering


def test_access_log_keeps_no_search_text(served, tmp_path):
    requests.get(f"{served}/jobs", params={"q": "zhangsan13912345678"}, timeout=5)
    time.sleep(0.3)  # let the worker flush its log line
    log = (tmp_path / "gunicorn.log").read_text()
    assert '"GET /jobs"' in log
    assert "zhangsan" not in log and "13912345678" not in log


def test_access_log_keeps_no_slip_or_hand_off_token(served, tmp_path):
    import re

    web = requests.Session()
    page = web.get(f"{served}/queue/", timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    ticket = web.post(f"{served}/queue/", data={"csrf_token": csrf, "service": "internship"},
                      timeout=5).text  # fmt: skip
    slip = re.search(r'action="/s/([^/"]+)/print"', ticket)[1]
    assert web.get(f"{served}/s/{slip}", timeout=5).status_code == 200
    assert web.get(f"{served}/s/{slip}/slip.png", timeout=5).status_code == 200
    home = web.get(served, timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home)[1]
    phone = web.post(f"{served}/register/phone", data={"csrf_token": csrf}, timeout=5).text
    hand_off = re.search(r"/register/h/([A-Za-z0-9_-]+)", phone)[1]
    assert web.get(f"{served}/register/h/{hand_off}", timeout=5).status_code == 200
    time.sleep(0.3)  # let the workers flush their log lines
    log = (tmp_path / "gunicorn.log").read_text()
    assert '"GET /s/…"' in log and '"GET /s/…/slip.png"' in log and '"GET /register/h/…"' in log
    assert slip not in log and hand_off not in log
    assert '"GET /register/phone"' in log  # other paths stay as they were


def listening_port(control_socket) -> int:
    """The port the gunicorn behind this control socket serves (as `gunicornc` asks it)."""
    client = ControlClient(str(control_socket), timeout=5)
    try:
        listeners = client.send_command("show listeners")
    finally:
        client.close()
    [address] = [listener["address"] for listener in listeners["listeners"]]
    return int(str(address).rsplit(":", 1)[1])


def test_a_hub_and_a_station_on_one_box_each_keep_their_control_socket(
    database, postgres_url, tmp_path
):
    schema = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))  # migrated
    with schema.app_context():
        db.engine.dispose()
    # A runtime folder 80 characters deep: a socket path over 107 bytes was silently not opened
    # (in pytest's deeper folders under xdist the station's name failed, the hub's fitted).
    short = Path(tempfile.mkdtemp(prefix="ctl-"))
    runtime = short / ("r" * (80 - len(str(short)) - 1))
    runtime.mkdir(mode=0o700)
    assert len(str(runtime / "kiosk-station-127.0.0.1-65535.ctl")) > 107
    hub = hub_process(postgres_url, tmp_path / "hub.log")
    station = GunicornApp(tmp_path / "station.log", DATABASE_URL=f"sqlite:///{database}")
    servers = (hub, station)
    for server in servers:  # one runtime folder, as for two units of one user
        server.environment = {"XDG_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path)}
        server.start()
    try:
        for server in servers:
            assert requests.get(f"{server.url}/healthz", timeout=5).json()["ok"] is True
        # The arbiter opens its socket just after it serves: a loaded box (the tests run in
        # several processes) may take many seconds, as for the first answer.
        deadline = time.monotonic() + STARTUP_SECONDS
        while len(sockets := sorted(runtime.glob("*.ctl"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(sockets) == 2  # the second did not take the first one's
        assert sorted(listening_port(path) for path in sockets) == sorted(
            server.port for server in servers
        )
        station.stop()  # stopping one leaves the other's socket answering
        [left] = runtime.glob("*.ctl")
        assert listening_port(left) == hub.port
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(short)
