"""QR codes drawn as inline SVG: crisp at any size, no image request, no personal data in them."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from flask import current_app, request
from markupsafe import Markup


def public_url(path: str) -> str:
    """The address a phone reaches `path` at: KIOSK_PUBLIC_URL (the station's Wi-Fi address,
    or the hub's), else the address this page was opened at."""
    base = current_app.config["PUBLIC_URL"] or request.host_url
    return base.rstrip("/") + path


def qr_svg(text: str) -> Markup:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return Markup(svg[svg.index("<svg") :])
