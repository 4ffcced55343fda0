"""One way to answer with a page or, to htmx, only the fragment it swaps."""

from flask import Response, current_app, make_response, render_template, session

from kiosk.extensions import htmx
from kiosk.web import device, idle

#: Template globals base.html draws around every page whose value depends on the moment (the
#: station's online/offline mark); a feature registers one as a Jinja global of this name.
_CHANGING_GLOBALS = ("link_state",)

#: Marks an error answer (a refused form, a conflict, a failed print) that is a fragment to
#: swap all the same: htmx swaps no 4xx/5xx by itself (static/js/htmx-errors.js reads this).
SWAP_ERROR_HEADER = "X-Kiosk-Swap"


def wants_fragment(target: str | None = None) -> bool:
    """htmx asks for a fragment, except when it restores history it has no copy of;
    with `target`, only when it swaps that element (other htmx requests get the page)."""
    if not htmx or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def page(
    template: str,
    fragment: str | None = None,
    *,
    target: str | None = None,
    status: int = 200,
    **context: object,
) -> Response:
    """The page, or its fragment to htmx; `Vary: HX-Request` so no cache mixes the two."""
    chosen = fragment if fragment is not None and wants_fragment(target) else template
    response = make_response(render_template(chosen, **context), status)
    if fragment is not None:
        response.vary.add("HX-Request")
        if chosen == fragment and status >= 400:
            # Its message replaces what the target showed before (e.g. a green "checked in").
            response.headers[SWAP_ERROR_HEADER] = "1"
    return response


def surroundings(fragment: bool) -> tuple | None:
    """What a cached page depends on besides its URL and language: the kind of screen and, for
    a whole page, what base.html draws around it (the idle time of a kiosk visitor or of a
    signed-in member, the kiosk's online mark). None: the page must not be cached at all (it
    carries a flashed message)."""
    if "_flashes" in session:
        return None
    if fragment or device.is_phone():  # no bar with a mark, no idle timer on a phone
        return (fragment, device.is_phone(), idle.is_staff_session())
    marks = tuple(
        provider() if callable(provider := current_app.jinja_env.globals.get(name)) else None
        for name in _CHANGING_GLOBALS
    )
    return (fragment, False, idle.idle_limit(), *marks)


def never_cached(response: Response) -> Response:
    """For pages that show personal data, even masked: after the idle reset, Back must not
    bring them up again."""
    response.headers["Cache-Control"] = "no-store"
    return response
