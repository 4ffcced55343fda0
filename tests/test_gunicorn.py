"""The station as `make run` serves it: gunicorn with the project's own settings."""

import time

import requests


def test_gunicorn_serves_the_station(served):
    health = requests.get(f"{served}/healthz", timeout=5).json()
    assert health["ok"] is True and health["role"] == "station" and health["database"] is True
    assert health["printer"] == {"configured": False, "last_slip": None}
    assert health["jobs"] > 0
    home = requests.get(served, timeout=5)
    assert home.status_code == 200 and "找工作" in home.text


def test_a_10000_character_search_gets_a_message_through_gunicorn(served):
    response = requests.get(f"{served}/jobs", params={"q": "焊" * 10_000}, timeout=5)
    assert response.status_code == 200
    assert "搜索内容太长了" in response.text


def test_access_log_keeps_no_search_text(served, tmp_path):
    requests.get(f"{served}/jobs", params={"q": "zhangsan13912345678"}, timeout=5)
    time.sleep(0.3)  # let the worker flush its log line
    log = (tmp_path / "gunicorn.log").read_text()
    assert '"GET /jobs"' in log
    assert "zhangsan" not in log and "13912345678" not in log
