"""Flask's signed-cookie sessions, with the signing serializer made once instead of per request.

Flask builds an itsdangerous serializer for every request (and probes it with a test dump);
on a kiosk answering cached lists that was a sixth of a request's time.
"""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class KioskSessionInterface(SecureCookieSessionInterface):
    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        cached = app.extensions.get("kiosk.session_serializer")
        if cached is None or cached[0] != app.secret_key:
            cached = (app.secret_key, super().get_signing_serializer(app))
            app.extensions["kiosk.session_serializer"] = cached
        return cached[1]
