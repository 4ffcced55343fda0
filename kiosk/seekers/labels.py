"""Words for finding a person and for why a job fits them."""

import enum
from typing import Any

from flask_babel import lazy_gettext as _l

from kiosk.seekers.find import LookupProblem
from kiosk.seekers.matching import Fit

LOOKUP_PROBLEMS: dict[enum.Enum, Any] = {
    LookupProblem.empty: _l("Type a mobile number, an ID number or a registration number."),
    LookupProblem.not_a_number: _l(
        "That is not a mobile number (11 digits), an ID number (18 characters) "
        "or a registration number (R and 9 characters)."
    ),
    LookupProblem.digits: _l("Please type the number with 0–9."),
    LookupProblem.id_checksum: _l(
        "One of the digits is mistyped. Please check it against the card."
    ),
    LookupProblem.id_invalid: _l("This is not a valid resident ID number."),
}

FITS = {
    Fit.category: _l("wished kind of work"),
    Fit.region: _l("wished area"),
    Fit.nearby: _l("same league or city"),
    Fit.pay: _l("pay as wished"),
    Fit.form: _l("wished form of work"),
}
