"""The gig slip a worker takes away: what, where, when, the pay, the employer's phone and the
check-in code; the QR code leads to the gig's page."""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from kiosk.gigs import labels, outcomes
from kiosk.gigs.posting import MOBILE_CONTEXT
from kiosk.i18n import localized
from kiosk.models import GigReferral, GigTake, SlipKind, Station
from kiosk.personal_data import vault_for
from kiosk.slips.content import _both, slip_type
from kiosk.slips.raster import SlipContent, SlipSide


@slip_type(SlipKind.gig, GigTake)
def gig_content(
    _session: Session, take: GigTake, station: Station | None, qr: str, locale: str
) -> SlipContent:
    post = take.post
    # The worker calls the employer: the one place the whole number is shown.
    phone = vault_for(current_app).open(post.contact_mobile_sealed, context=MOBILE_CONTEXT)
    hours = f"{post.start_time.strftime('%H:%M')}–{post.end_time.strftime('%H:%M')}"

    def side(language: str) -> SlipSide:
        return SlipSide(
            locale=language,
            title=localized(post, "title"),
            station=localized(station, "name") if station else "",
            rows=(
                (_("Where"), f"{localized(post.region, 'name')} {localized(post, 'address')}"),
                (_("When"), f"{labels.days(post)} {hours}"),
                (_("Pay"), f"{labels.pay(post)} · {labels.SETTLEMENTS[post.settlement]}"),
                (_("Employer"), f"{post.employer_name} {phone}"),
                (_("Worker"), take.worker_masked),
                (_("Check-in code"), take.checkin_code),
            ),
            instruction=_(
                "Say the check-in code when you arrive. Keep this slip until you are paid."
            ),
        )

    return SlipContent(take.checkin_code, qr, _both(locale, side))


@slip_type(SlipKind.gig_referral, GigReferral)
def referral_content(
    _session: Session, referral: GigReferral, station: Station | None, qr: str, locale: str
) -> SlipContent:
    """What was agreed, for the worker to take to the labour inspection contact."""

    def side(language: str) -> SlipSide:
        employer = referral.employer_name + (
            f" {referral.credit_code}" if referral.credit_code else ""
        )
        return SlipSide(
            locale=language,
            title=_("Unpaid wages: rights referral"),
            station=localized(station, "name") if station else "",
            rows=(
                (_("Referral number"), referral.number),
                (_("Gig"), referral.title_zh),
                (_("When"), labels.days(referral)),
                (
                    _("Agreed pay"),
                    f"{labels.pay(referral)} · {labels.SETTLEMENTS[referral.settlement]}",
                ),
                (_("Employer"), f"{employer} {referral.contact_mobile_masked}"),
                (_("Worker"), referral.worker_masked),
                (_("Labour inspection"), outcomes.labour_inspection()),
            ),
            instruction=_(
                "The station passed this to the labour inspection. Call them with the referral "
                "number; keep this slip and your gig slip."
            ),
        )

    return SlipContent(referral.number, qr, _both(locale, side))
