"""Words for the county look-up: why the hub could not be asked."""

from flask_babel import lazy_gettext as _l

from kiosk.county_lookup.lookup import NoLink

NO_LINK = {
    NoLink.no_hub: _l(
        "This station has no link to a county hub, so people registered at other outlets "
        "cannot be looked up here. Find people registered at this station under Seekers."
    ),
    NoLink.no_keys: _l(
        "This station has not yet received its county's keys. They come with the next sync; "
        "until then, people at other outlets cannot be looked up."
    ),
    NoLink.unreachable: _l(
        "The county hub cannot be reached now (no network here, or the hub is down). "
        "Nothing was looked up. Try again later; people registered here are under Seekers."
    ),
    NoLink.too_many: _l(
        "This station has looked up many people at the county hub in the last hour, and the "
        "county limits how many. Nothing was looked up. Try again in a while."
    ),
    NoLink.refused: _l(
        "The county hub did not answer the look-up. Please tell the county's administrator."
    ),
}
ONLY_ID_OR_MOBILE = _l("Across outlets, type an ID number (18 characters) or a mobile number.")
