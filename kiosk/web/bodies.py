"""Request bodies read once, the same way for every view and for the CSRF check before them:
a multipart body that does not parse into named fields is a 400, not a 500 deep inside."""

from flask import Request
from werkzeug.exceptions import BadRequest


class KioskRequest(Request):
    def _load_form_data(self) -> None:
        try:
            super()._load_form_data()
        except ValueError as error:  # a parser that gave up on the body
            raise BadRequest("unreadable form body") from error
        # A part without a name (or a file part where a field was due) has key None.
        if None in self.form or None in self.files:
            raise BadRequest("a form part without a name")
