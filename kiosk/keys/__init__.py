"""On-screen keys (both roles): the keypads' layouts for templates (kiosk/keypad.py) and the
characters a pinyin keypad offers, served by the station itself (`/keys/pinyin`), offline."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk import keypad
    from kiosk.keys import labels
    from kiosk.keys.cli import keys
    from kiosk.keys.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    app.cli.add_command(keys)
    add_labels(app, "keys", labels)
    app.jinja_env.globals["keypad_layouts"] = keypad.LAYOUTS
