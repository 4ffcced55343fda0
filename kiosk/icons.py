"""Inline SVG icons from `static/icons/`: no extra request, and they take the text colour."""

from functools import cache

from flask import Flask
from markupsafe import Markup

from kiosk.paths import ICONS


@cache
def icon(name: str) -> Markup:
    path = ICONS / f"{name}.svg"
    if not name.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        return Markup("")
    svg = path.read_text(encoding="utf-8").strip()
    return Markup(svg.replace("<svg", '<svg class="icon" aria-hidden="true"', 1))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["icon"] = icon
