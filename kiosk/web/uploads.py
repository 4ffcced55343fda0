"""Forms that carry a file. The app refuses bodies over MAX_CONTENT_LENGTH before a view runs
(CSRF reads the form first); a view that takes a file raises the limit for itself, then checks
CSRF, so the same rule holds and only that form may be larger."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import request

from kiosk.extensions import csrf

#: The form's other fields beside the file.
FORM_ALLOWANCE = 64 * 1024


def accepts_file(max_bytes: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view whose POST may carry a file of up to `max_bytes`."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def with_file(*args: Any, **kwargs: Any) -> Any:
            if request.method == "POST":
                request.max_content_length = max_bytes + FORM_ALLOWANCE
                csrf.protect()
            return view(*args, **kwargs)

        return csrf.exempt(with_file)

    return decorate
