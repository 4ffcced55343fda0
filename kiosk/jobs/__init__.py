"""Finding jobs: browse by category and area, filter, search, and one job in detail."""

from flask import Blueprint

bp = Blueprint("jobs", __name__)

from kiosk.jobs import views  # noqa: E402, F401
