"""The station as `make run` serves it: gunicorn with the project's own settings."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.config import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn_log(tmp_path: Path) -> Path:
    return tmp_path / "access.log"


@pytest.fixture
def gunicorn_station(database: Path, gunicorn_log: Path):
    port = free_port()
    env = {
        **os.environ,
        "KIOSK_DATABASE_URL": f"sqlite:///{database}",
        "KIOSK_SECRET_KEY": "test",
        "KIOSK_BIND": f"127.0.0.1:{port}",
        "KIOSK_WORKERS": "2",
    }
    with gunicorn_log.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "kiosk:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.PIPE,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)
        assert b"Traceback" not in log, log.decode()[-2000:]


def test_gunicorn_serves_the_station(gunicorn_station):
    health = requests.get(f"{gunicorn_station}/healthz", timeout=5).json()
    assert health == {"ok": True, "role": "station", "database": True, "jobs": health["jobs"]}
    assert health["jobs"] > 0
    home = requests.get(gunicorn_station, timeout=5)
    assert home.status_code == 200 and "找工作" in home.text


def test_a_10000_character_search_gets_a_message_through_gunicorn(gunicorn_station):
    response = requests.get(f"{gunicorn_station}/jobs", params={"q": "焊" * 10_000}, timeout=5)
    assert response.status_code == 200
    assert "搜索内容太长了" in response.text


def test_access_log_keeps_no_search_text(gunicorn_station, gunicorn_log):
    requests.get(f"{gunicorn_station}/jobs", params={"q": "zhangsan13912345678"}, timeout=5)
    time.sleep(0.3)  # let the worker flush its log line
    log = gunicorn_log.read_text()
    assert '"GET /jobs"' in log
    assert "zhangsan" not in log and "13912345678" not in log
