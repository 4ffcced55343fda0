"""Numbers in vertical Mongolian, set as Inner Mongolian print sets them (W3C mlreq): a short
number stands upright in the column (tate-chu-yoko, `.tcy`), a long one (a mobile, an ID, a
code, a clock time) is a horizontal row of digits (`.num`) rather than digits lying on their
side. `{{ value|upright }}` marks them; static/css/kiosk.css draws them on vertical pages."""

import re

from markupsafe import Markup, escape

from kiosk.i18n import is_mongolian

#: Up to this many characters a number is combined upright into one column's width.
SHORT = 4

# Tags and entities of the escaped text pass unchanged; then a clock time, or a run of
# letters, digits and mask stars holding at least one digit ("139****5678", "A013", "A2"),
# hyphens inside it kept ("0471-9225646").
_PIECE = re.compile(
    r"(<[^>]*>|&#?\w+;)|(\d{1,2}:\d{2}|[0-9A-Za-z*]*[0-9][0-9A-Za-z*]*(?:-[0-9A-Za-z*]+)*)"
)


def _mark(match: re.Match[str]) -> str:
    markup, number = match.groups()
    if markup:
        return markup
    kind = "tcy" if len(number) <= SHORT else "num"
    return f'<span class="{kind}">{number}</span>'


def upright(value: object) -> Markup:
    """`value`, escaped, with its numbers marked; unchanged on a Chinese page."""
    html = escape(value)
    if not is_mongolian():
        return html
    return Markup(_PIECE.sub(_mark, str(html)))
