"""The kiosk's front door: home tiles, language switch, idle reset, health, error pages."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from kiosk.home.views import register_error_pages, register_idle_reset  # noqa: E402

__all__ = ["bp", "register_error_pages", "register_idle_reset"]
