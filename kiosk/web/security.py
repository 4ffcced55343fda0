"""What every response says to the browser, and what the app believes of the request.

A Content-Security-Policy with no inline script or style (scripts and styles are files in
static/; htmx is told not to evaluate anything, templates/_htmx_config.html), no framing, no
sniffing, no referrer to other sites. Over HTTPS (PUBLIC_URL starts with https://, or
SESSION_COOKIE_SECURE set) the session cookie is `Secure` and named `__Host-session`. Behind
the hub's proxy (PROXY_HOPS > 0) the client address and scheme come from X-Forwarded-For and
X-Forwarded-Proto, for that many proxies and no more; the Host header is never believed
(kiosk/qr.py builds addresses from PUBLIC_URL).
"""

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Inline SVG (QR codes, icons) is part of the page; no image comes from elsewhere.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # for browsers that know no frame-ancestors
}


def served_over_https(app: Flask) -> bool:
    return str(app.config.get("PUBLIC_URL", "")).lower().startswith("https://")


def init_app(app: Flask) -> None:
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = served_over_https(app)
    if app.config["SESSION_COOKIE_SECURE"]:
        # __Host-: only ever set by this host over HTTPS, for the whole site.
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
