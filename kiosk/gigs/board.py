"""The gig board: today's and this week's approved gigs, the station's own banner first, then
its neighbours in the same league; grouped by gig category."""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from markupsafe import Markup
from sqlalchemy import case, select
from sqlalchemy.orm import Session, lazyload, load_only

from kiosk.domain import reference
from kiosk.models import GigCategory, GigPost, Moderation, PostStatus, RegionLevel
from kiosk.qr import qr_svg

#: "This week": today and the six days after it.
WEEK_DAYS = 7
#: The most gigs a board shows: a wall screen and a kiosk page, not an archive.
BOARD_LIMIT = 60
#: What the board reads of every gig it shows: its place on the board and its drawing's key.
CARD_KEY = (GigPost.id, GigPost.version, GigPost.origin, GigPost.category, GigPost.start_date)


@dataclass
class BoardSection:
    """Today's gigs, or the week's later ones, by category in the categories' order."""

    groups: dict[GigCategory, list[GigPost]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(gigs) for gigs in self.groups.values())


@dataclass
class Board:
    today: BoardSection
    week: BoardSection

    @property
    def count(self) -> int:
        return self.today.count + self.week.count

    @property
    def gigs(self) -> list[GigPost]:
        return [gig for part in (self.today, self.week) for gigs in part.groups.values()
                for gig in gigs]  # fmt: skip


def league_counties(region_code: str | None) -> tuple[str, ...]:
    """The counties of the station's league (prefecture); every county when it has none."""
    region = reference.region(region_code) if region_code else None
    if region is None:
        return tuple(r.code for r in reference.regions().values() if r.level == RegionLevel.county)
    return tuple(r.code for r in reference.counties(region.prefecture_code))


def live(today: date):
    """The conditions of a gig on the board: approved, not hidden or closed by the hub, not
    over, still open to take."""
    return (
        GigPost.status == PostStatus.approved,
        GigPost.moderation == Moderation.none,
        GigPost.end_date >= today,
        GigPost.valid_until >= today,
    )


def board(session: Session, region_code: str | None, today: date) -> Board:
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    nearness = case((GigPost.region_code == (region_code or ""), 0), else_=1)
    # Only what places a card on the board and names its drawing: a card already drawn for
    # this version of the gig is not drawn again (kiosk/gigs/views.py), so the rest of a row
    # is loaded only for the few that changed. Filtered and ordered in ix_gig_post_board.
    gigs = session.scalars(
        select(GigPost)
        .options(load_only(*CARD_KEY), lazyload(GigPost.region))
        .where(
            *live(today),
            GigPost.start_date <= week_end,
            GigPost.region_code.in_(league_counties(region_code)),
        )
        .order_by(nearness, GigPost.start_date, GigPost.start_time, GigPost.id)
        .limit(BOARD_LIMIT)
    ).all()
    result = Board(BoardSection(), BoardSection())
    order = list(GigCategory)
    for gig in sorted(gigs, key=lambda g: order.index(g.category)):  # stable: nearness kept
        section = result.today if gig.start_date <= today else result.week
        section.groups.setdefault(gig.category, []).append(gig)
    return result


def load_whole(session: Session, gig_ids: list[uuid.UUID]) -> None:
    """The rest of these gigs' rows (the board loads only `CARD_KEY`), in one query, for the
    cards to draw anew."""
    if gig_ids:
        session.scalars(
            select(GigPost).where(GigPost.id.in_(gig_ids)).execution_options(populate_existing=True)
        ).all()


def gig_on_board(session: Session, gig_id: uuid.UUID, today: date) -> GigPost | None:
    return session.scalars(select(GigPost).where(GigPost.id == gig_id, *live(today))).first()


@lru_cache(maxsize=4096)
def gig_code(link: str) -> Markup:
    """A gig's QR code: the same link always draws the same code, so it is drawn once."""
    return qr_svg(link)
