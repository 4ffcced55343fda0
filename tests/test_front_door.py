"""The hub behind its front door: Debian's nginx with deploy/nginx/kiosk-hub.conf and a
self-signed certificate, in front of the hub under gunicorn on PostgreSQL. A station's push
goes through it, the hub sees each client's real address, an oversize body or request line is
refused at the door, and the app's headers come through."""

import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter
from station_app import (
    GunicornApp,
    free_port,
    fresh_postgres_database,
    make_app,
    wait_until_served,
)
from sync_harness import HUB_KEYS, collect, hub_config, make_station, sync

from kiosk.config import ROOT
from kiosk.demo import seed_demo
from kiosk.extensions import db

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="needs Debian's nginx (apt-get install nginx-light)"
)


class FromAddress(HTTPAdapter):
    """Connect from another loopback address: a client other than 127.0.0.1."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "hub.crt", folder / "hub.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_config(folder: Path, upstream: int, https: int, http: int, cert, key) -> Path:
    """The shipped site with this test's ports and paths, in an nginx.conf of its own."""
    site = (ROOT / "deploy/nginx/kiosk-hub.conf").read_text()
    site = site.replace("@UPSTREAM@", f"127.0.0.1:{upstream}")
    site = site.replace("@CERT@", str(cert)).replace("@KEY@", str(key))
    site = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;", site)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{http};", site)
    site = re.sub(r"\s*listen \[::\]:\d+( ssl)?;", "", site)
    (folder / "kiosk-hub.conf").write_text(site)
    temp = (
        "\n".join(
            f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
        )
        + f"\n  uwsgi_temp_path {folder / 'uwsgi'};\n  scgi_temp_path {folder / 'scgi'};"
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} info;\n"
        "events { worker_connections 128; }\n"
        f"http {{\n  access_log {folder / 'access.log'};\n{temp}\n"
        f"  include {folder / 'kiosk-hub.conf'};\n}}\n"
    )
    return conf


class FrontDoor:
    def __init__(self, folder: Path, upstream: int) -> None:
        cert, key = self_signed(folder)
        self.cert = cert
        self.port, http = free_port(), free_port()
        self.url, self.http_url = f"https://127.0.0.1:{self.port}", f"http://127.0.0.1:{http}"
        conf = nginx_config(folder, upstream, self.port, http, cert, key)
        check = subprocess.run([NGINX, "-t", "-c", str(conf), "-e", str(folder / "error.log")],
                               capture_output=True, text=True)  # fmt: skip
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(
            [NGINX, "-c", str(conf), "-e", str(folder / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until_served(self.url, self.process, folder / "error.log", verify=str(cert))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def front_door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    folder = tmp_path_factory.mktemp("front-door")
    with fresh_postgres_database() as url:
        app = make_app(folder / "unused.sqlite", **hub_config(url))
        with app.app_context():
            seed_demo(20, seed=5, station_code="HUB")
            db.session.remove()
        hub = GunicornApp(
            folder / "hub.log", ROLE="hub", DATABASE_URL=url, PERSONAL_DATA_KEYS=HUB_KEYS,
            PROXY_HOPS="1", PUBLIC_URL="https://127.0.0.1",
        )  # fmt: skip
        hub.start()
        door = FrontDoor(folder, hub.port)
        try:
            yield app, door
        finally:
            door.close()
            hub.stop()
            with app.app_context():
                db.engine.dispose()


def test_a_station_pushes_through_the_front_door(front_door, tmp_path, monkeypatch):
    app, door = front_door
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(door.cert))  # the station trusts this cert
    made = app.test_cli_runner().invoke(
        args=["hub", "add-station", "NM-0199", "--name", "门站", "--region", "150105"]
    )
    assert made.exit_code == 0, made.output
    station = make_station(tmp_path / "st.sqlite", "NM-0199", door.url, made.output.splitlines()[1])
    assert not sync(station).errors  # the first round: the hub's jobs and services
    collect(station, 12, random.Random(3))
    result = sync(station)
    assert not result.errors and result.pushed >= 12


def _sign_ins(door: FrontDoor, source: str, count: int) -> list[int]:
    browser = requests.Session()
    browser.mount("https://", FromAddress(source))
    verify = str(door.cert)
    page = browser.get(f"{door.url}/staff/login", verify=verify, timeout=5).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    data = {"csrf_token": token, "username": "nobody", "password": "wrong password"}
    headers = {"Referer": f"{door.url}/staff/login"}
    answers = []
    for n in range(count):
        # A client's own X-Forwarded-For is replaced at the door, never believed.
        spoof = {"X-Forwarded-For": f"198.51.100.{n}"}
        answer = browser.post(
            f"{door.url}/staff/login", data=data, headers=headers | spoof, verify=verify, timeout=5
        )
        answers.append(answer.status_code)
    return answers


def test_the_hub_sees_each_clients_real_address(front_door):
    _, door = front_door
    assert _sign_ins(door, "127.0.0.2", 7) == [401] * 5 + [429] * 2
    assert _sign_ins(door, "127.0.0.3", 1) == [401]  # another client: its own limit


def test_the_door_refuses_oversize_bodies_and_lines_and_keeps_the_headers(front_door):
    _, door = front_door
    big = requests.post(
        f"{door.url}/sync/push", data=b"x" * (3 * 1024 * 1024), verify=str(door.cert), timeout=10
    )
    assert big.status_code == 413
    long_line = requests.get(f"{door.url}/jobs?q={'a' * 16000}", verify=str(door.cert), timeout=5)
    assert long_line.status_code == 414
    page = requests.get(f"{door.url}/staff/login", verify=str(door.cert), timeout=5)
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie
    plain = requests.get(f"{door.http_url}/healthz", allow_redirects=False, timeout=5)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
