"""One way to answer with a page or, to htmx, only the fragment it swaps."""

from flask import Response, make_response, render_template

from kiosk.extensions import htmx


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
    return response


def never_cached(response: Response) -> Response:
    """For pages that show personal data, even masked: after the idle reset, Back must not
    bring them up again."""
    response.headers["Cache-Control"] = "no-store"
    return response
