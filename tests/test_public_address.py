"""Where phones are sent: the desk warns when QR codes lead to the box itself; what gunicorn
says."""

import pytest
from test_staff import get, signed_in

from kiosk.qr import is_loopback, served_urls

WARNING = "手机打不开本站的二维码。"


@pytest.mark.parametrize(
    "host, loopback",
    [("127.0.0.1", True), ("127.3.2.1", True), ("localhost", True), ("desk.localhost", True),
     ("::1", True), ("0.0.0.0", True), ("", True), ("192.168.8.1", False),
     ("station.example.cn", False), ("10.0.0.5", False)],
)  # fmt: skip
def test_loopback_addresses_are_told_apart(host, loopback):
    assert is_loopback(host) is loopback


def test_served_urls_name_the_network_address_for_every_interface(monkeypatch):
    import kiosk.qr

    monkeypatch.setattr(kiosk.qr, "_own_address", lambda: "192.168.8.20")
    kiosk.qr._bound_url.cache_clear()
    try:
        assert served_urls("127.0.0.1:8000") == ["http://127.0.0.1:8000"]
        assert served_urls("0.0.0.0:8000") == ["http://127.0.0.1:8000", "http://192.168.8.20:8000"]
        assert served_urls("unix:/run/kiosk.sock") == ["unix:/run/kiosk.sock"]
    finally:
        kiosk.qr._bound_url.cache_clear()


@pytest.mark.parametrize(
    "settings, warned",
    [({}, True), ({"PUBLIC_URL": "http://localhost:8000"}, True),
     ({"PUBLIC_URL": "http://192.168.8.1:8000"}, False), ({"BIND": "10.1.2.3:9000"}, False)],
)  # fmt: skip
def test_the_desk_warns_when_phones_cannot_reach_the_qr_codes(
    app_factory, database, settings, warned
):
    app = app_factory(database, **settings)
    with app.app_context():
        desk = signed_in(app, "wang")
        page = get(desk, "/staff/queue").get_data(as_text=True)
        assert (WARNING in page) is warned
        if warned:
            assert (settings.get("PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/") in page
        # Not on the kiosk's own screens, and not before signing in.
        assert WARNING not in get(app.test_client(), "/").get_data(as_text=True)
        assert WARNING not in get(app.test_client(), "/staff/login").get_data(as_text=True)


def test_gunicorn_says_where_it_answers_and_that_phones_cannot_reach_it(served, tmp_path):
    log = (tmp_path / "gunicorn.log").read_text()
    assert f"The station answers at {served}" in log
    assert f"QR codes lead to {served}, which phones cannot reach" in log
