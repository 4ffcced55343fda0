"""A policy item on paper: what it gives, how much, what to bring and where to go, in the
chosen script and then the other; its code opens the item on a phone."""

import uuid
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from kiosk.i18n import format_date, localized
from kiosk.models import BEIJING, Policy, SlipKind, Station
from kiosk.policies.library import lines
from kiosk.slips.content import both_sides, station_name, slip_type
from kiosk.slips.raster import SlipContent, SlipSide


def _policy_page(policy_id: uuid.UUID) -> str:
    """A policy slip's code opens the item itself."""
    from kiosk.extensions import db
    from kiosk.policies.views import phone_url

    policy = db.session.get(Policy, policy_id)
    return phone_url(policy.code if policy else "-")


@slip_type(SlipKind.policy, Policy, opens=_policy_page)
def policy_content(
    _session: Session, policy: Policy, station: Station | None, qr: str, locale: str
) -> SlipContent:
    def side(language: str) -> SlipSide:
        rows = [(_("The policy"), localized(policy, "summary"))]
        if localized(policy, "amount"):
            rows.append((_("How much"), localized(policy, "amount")))
        rows.append((_("What to bring"), " · ".join(lines(localized(policy, "documents")))))
        rows.append((_("Where and how to apply"), localized(policy, "where")))
        rows.append((_("Printed"), format_date(datetime.now(BEIJING))))
        return SlipSide(
            locale=language,
            title=localized(policy, "title"),
            station=station_name(station),
            rows=tuple(rows),
            instruction=_("Scan the code to read the whole item on your phone."),
        )

    return SlipContent("", qr, both_sides(locale, side))
