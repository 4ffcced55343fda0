"""Which kind of screen is asking: the station's own kiosk, or a seeker's phone.

Kiosk is the default (the station's browser opens the app directly); a page opened from a
scanned QR code marks the browser as a phone, which keeps its session and is never reset.
"""

from flask import Response, request

COOKIE = "device"
PHONE = "phone"
QR_MARK = "qr"


def is_phone() -> bool:
    return request.cookies.get(COOKIE) == PHONE or request.args.get("from") == QR_MARK


def remember_phone(response: Response) -> None:
    if request.args.get("from") == QR_MARK and request.cookies.get(COOKIE) != PHONE:
        response.set_cookie(COOKIE, PHONE, max_age=365 * 86400, samesite="Lax", httponly=True)
