"""What every response tells the browser (CSP, no framing, no sniffing, no referrer), the
session cookie over HTTPS, and addresses in QR codes that never come from the Host header."""

import re

import pytest
from test_staff import PASSWORD, get, sign_in, staff_member

from kiosk.models import StaffRole

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_guarded(response, url: str) -> None:
    response.close()  # a static file stays open until closed
    policy = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy, url
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, url
    assert "style-src 'self'" in policy, url
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (url, name)


def get_pages(app) -> list[str]:
    """Every page of the box that takes no argument: the walk's first steps."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and "reset" not in rule.endpoint
    )


def test_every_page_of_a_walk_carries_the_headers(app):
    staff_member("li", StaffRole.manager)
    visitor, manager = app.test_client(), app.test_client()
    assert sign_in(manager, "li").status_code == 303
    pages = get_pages(app)
    assert "/" in pages and "/jobs" in pages and "/staff/queue" in pages
    seen = set()
    for client in (visitor, manager):
        for url in pages:
            response = get(client, url)
            assert response.status_code < 500, url
            seen.add(response.status_code)
            html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            assert_guarded(response, url)
            # A page follows its links one step: job details, forms, the desk's fragments.
            if html:
                for link in set(re.findall(r'href="(/[^"?]*)"', html)):
                    assert_guarded(get(client, link), link)
        for url in ("/no-such-page", "/static/js/kiosk.js", "/jobs?q=" + "x" * 300):
            assert_guarded(get(client, url), url)
        assert_guarded(get(client, "/jobs", **{"HX-Request": "true"}), "/jobs (htmx)")
    assert {200, 302} <= seen


def test_no_template_carries_inline_script_or_style():
    from kiosk.paths import TEMPLATES

    for template in TEMPLATES.rglob("*.html"):
        text = re.sub(r"{#.*?#}", "", template.read_text(), flags=re.S)  # comments may say it
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), template
        assert not re.search(r"\s(on[a-z]+|style|hx-on[:-][^=]*)=", text), template
        assert "<style" not in text, template


def test_qr_addresses_come_from_the_configured_address_never_the_host_header(app_factory, database):
    for settings, expected in (
        ({}, "http://127.0.0.1:8000/register/h/"),
        ({"PUBLIC_URL": "http://192.168.8.1:8000"}, "http://192.168.8.1:8000/register/h/"),
        ({"BIND": "10.1.2.3:9000"}, "http://10.1.2.3:9000/register/h/"),
    ):
        app = app_factory(database, **settings)
        client = app.test_client()
        evil = {"Host": "evil.example"}
        with app.app_context():
            home = client.get("/", headers=evil).get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', home)[1]
        with app.app_context():
            page = client.post(
                "/register/phone", data={"csrf_token": csrf}, headers=evil, follow_redirects=True
            )
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and expected in html
        assert "evil.example" not in html


@pytest.mark.parametrize("public_url", ["https://hub.example.cn/", ""])
def test_the_session_cookie_is_secure_and_host_only_over_https(app_factory, database, public_url):
    app = app_factory(database, PUBLIC_URL=public_url)
    with app.app_context():
        staff_member("li", StaffRole.manager)
        client = app.test_client()
        with app.app_context():
            token_page = client.get("/staff/login", base_url="https://hub.example.cn")
            token = re.search(r'name="csrf_token" value="([^"]+)"', token_page.text)[1]
            answer = client.post(
                "/staff/login",
                data={"csrf_token": token, "username": "li", "password": PASSWORD},
                base_url="https://hub.example.cn",
                headers={"Referer": "https://hub.example.cn/staff/login"},  # same-origin
            )
    cookies = " ".join(answer.headers.getlist("Set-Cookie"))
    assert answer.status_code == 303
    if public_url:
        assert cookies.startswith("__Host-session=") and "Secure" in cookies
        assert "Domain" not in cookies and "Path=/" in cookies
    else:
        assert cookies.startswith("session=") and "Secure" not in cookies


def test_behind_the_proxy_the_real_client_address_counts(app_factory, database):
    from flask import request

    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = app_factory(database, PROXY_HOPS=hops)
        app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
        forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
        answer = app.test_client().get("/whoami", headers=forwarded)
        assert answer.get_data(as_text=True) == expected
