"""QR codes drawn as inline SVG: crisp at any size, no image request, no personal data in them."""

import ipaddress
import socket
from functools import lru_cache
from io import BytesIO
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from flask import current_app
from markupsafe import Markup

#: Any outside address: "connecting" a UDP socket to it sends nothing, but tells which of this
#: box's addresses faces the network.
_PROBE = ("10.255.255.255", 9)


def public_url(path: str) -> str:
    """The address a phone reaches `path` at: KIOSK_PUBLIC_URL (the station's Wi-Fi address,
    or the hub's), else the address gunicorn listens on. Never the request's Host header: a
    visitor could make every QR code point at a site of theirs."""
    base = current_app.config["PUBLIC_URL"] or _bound_url(current_app.config.get("BIND") or "")
    return base.rstrip("/") + path


def unreachable_base() -> str | None:
    """The address QR codes lead to, when a phone cannot reach it: this box itself (a
    loopback address, localhost), e.g. KIOSK_PUBLIC_URL unset while gunicorn listens on
    127.0.0.1. None when it may be reached."""
    base = public_url("/")
    return base if is_loopback(urlsplit(base).hostname or "") else None


def is_loopback(host: str) -> bool:
    host = host.lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def served_urls(bind: str) -> list[str]:
    """The addresses a server bound to `bind` answers at, as `make run` prints them: the box's
    own and, when it listens on every interface, its address on the network."""
    if bind.startswith(("unix:", "fd:")):
        return [bind]
    own = bind.replace("0.0.0.0", "127.0.0.1").replace("[::]", "[::1]")
    urls = [_bound_url(own)]
    if (network := _bound_url(bind)) not in urls:
        urls.append(network)
    return urls


@lru_cache(maxsize=8)
def _bound_url(bind: str) -> str:
    if bind.startswith(("unix:", "fd:")):
        bind = ""
    host, _, port = bind.rpartition(":") if ":" in bind else (bind, "", "")
    host = host.strip("[]") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):
        host = _own_address()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}" if port else f"http://{host}"


def _own_address() -> str:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            return probe.getsockname()[0]
    except OSError:  # no network at all: the kiosk itself can still open it
        return "127.0.0.1"


def qr_svg(text: str) -> Markup:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return Markup(svg[svg.index("<svg") :])
