"""Every error is a page in the person's language, with a way home; never a stack trace."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from kiosk.extensions import db

MESSAGES = {
    400: lambda: _("That request could not be understood."),
    404: lambda: _("We could not find that page."),
    413: lambda: _("That was too much to send at once."),
    429: lambda: _("Too many tries in a short time. Please wait a minute and try again."),
    500: lambda: _("Something went wrong on our side. Please try again."),
}


def error_page(code: int, message: str) -> tuple[str, int]:
    return render_template("errors/page.html", code=code, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error: CSRFError) -> tuple[str, int]:
        # A form left open past its token, or sent from elsewhere: nothing was saved.
        return error_page(
            400, _("This form has expired, so nothing was saved. Please fill it in again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return error_page(code, MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])())

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error")
        db.session.rollback()
        return error_page(500, MESSAGES[500]())
