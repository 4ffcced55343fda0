"""The outlets, banners and prefectures figures are given for, with their names."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.county.indicators import REGION_SCOPE, Level, Scope
from kiosk.i18n import localized
from kiosk.models import Region, Station


@dataclass(frozen=True)
class Unit:
    scope: Scope
    name: str
    #: The banner and prefecture an outlet or banner belongs to (codes), for sorting.
    banner: str = ""
    prefecture: str = ""


def units_at(session: Session, level: Level) -> list[Unit]:
    """Every outlet of the register (or every banner/prefecture with one), in code order:
    a unit with no records still has its row, of zeros."""
    regions = {r.code: r for r in session.scalars(select(Region))}
    stations = session.scalars(select(Station).order_by(Station.region_code, Station.code)).all()

    def prefecture_of(code: str) -> str:
        region = regions.get(code)
        return region.prefecture_code if region else code

    def name_of(code: str) -> str:
        region = regions.get(code)
        return localized(region, "name") if region else code

    if level is Level.outlet:
        return [
            Unit(
                Scope(level, s.code),
                localized(s, "name"),
                s.region_code,
                prefecture_of(s.region_code),
            )
            for s in stations
        ]
    if level is Level.banner:
        codes = sorted({s.region_code for s in stations})
        return [Unit(Scope(level, c), name_of(c), c, prefecture_of(c)) for c in codes]
    if level is Level.prefecture:
        codes = sorted({prefecture_of(s.region_code) for s in stations})
        return [Unit(Scope(level, c), name_of(c), "", c) for c in codes]
    return [Unit(REGION_SCOPE, "")]


def unit_name(session: Session, scope: Scope) -> str:
    if scope.level is Level.outlet:
        station = session.scalars(select(Station).where(Station.code == scope.key)).first()
        return localized(station, "name") if station else scope.key
    if scope.level is Level.region:
        return ""
    region = session.get(Region, scope.key)
    return localized(region, "name") if region else scope.key


def service_names(session: Session) -> dict[str, str]:
    """A name for each service-list code (the outlets' own wording of it, one of them)."""
    from sqlalchemy import func

    from kiosk.i18n import is_mongolian
    from kiosk.models import ServiceItem

    rows = session.execute(
        select(
            ServiceItem.code, func.min(ServiceItem.name_zh), func.max(ServiceItem.name_mn)
        ).group_by(ServiceItem.code)
    ).all()
    mongolian = is_mongolian()
    return {
        code: (name_mn if mongolian and name_mn else name_zh) for code, name_zh, name_mn in rows
    }


def parent_scope(session: Session, scope: Scope) -> Scope:
    """What a unit's figures are shown beside: an outlet's banner, a banner's prefecture, a
    prefecture's region (and the region beside itself)."""
    if scope.level is Level.outlet:
        station = session.scalars(select(Station).where(Station.code == scope.key)).first()
        return Scope(Level.banner, station.region_code) if station else REGION_SCOPE
    if scope.level is Level.banner:
        region = session.get(Region, scope.key)
        return Scope(Level.prefecture, region.prefecture_code) if region else REGION_SCOPE
    return REGION_SCOPE
