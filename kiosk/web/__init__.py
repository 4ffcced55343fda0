"""The web layer every feature stands on: a page or its htmx fragment, error pages, the idle
reset, `/healthz`, the staff console's frame. It imports no feature; features import it."""

from flask import Flask
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from kiosk import icons
from kiosk.domain import reference
from kiosk.personal_data import mask_name
from kiosk.web import errors, form_labels, health, idle, security, staff
from kiosk.web.bodies import KioskRequest
from kiosk.web.labels import add_labels
from kiosk.web.upright import upright


def csrf_field() -> Markup:
    """The hidden CSRF field every form of the app carries: `{{ csrf_field() }}`."""
    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">')


def init_app(app: Flask) -> None:
    app.request_class = KioskRequest
    security.init_app(app)
    errors.init_app(app)
    idle.init_app(app)
    health.init_app(app)
    staff.init_app(app)
    icons.init_app(app)
    add_labels(app, "forms", form_labels)
    # Globals, not context: the macros in templates/_macros use them too.
    app.jinja_env.globals.update(
        csrf_field=csrf_field,
        reference=reference,
        # A page links to another feature only where this box mounts it.
        mounted=lambda endpoint: endpoint in app.view_functions,
    )
    app.jinja_env.filters["masked_name"] = mask_name
    app.jinja_env.filters["upright"] = upright
