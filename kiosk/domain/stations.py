"""Stations and their service lists, and which station this box is."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import ServiceItem, Station


def this_station_code() -> str:
    """The code records born on this box carry ("HUB" on a hub)."""
    return current_app.config["STATION_CODE"]


def station_by_code(session: Session, code: str) -> Station | None:
    return session.scalars(select(Station).where(Station.code == code)).first()


def this_station(session: Session) -> Station | None:
    """This box's entry in the outlet register (None until the hub's register names it)."""
    return station_by_code(session, this_station_code())


def station_services(session: Session, station_code: str) -> list[ServiceItem]:
    """The station's active services, in the order the kiosk shows them."""
    return list(
        session.scalars(
            select(ServiceItem)
            .where(ServiceItem.station_code == station_code, ServiceItem.active)
            .order_by(ServiceItem.sort)
        )
    )


def service_by_code(session: Session, station_code: str, code: str) -> ServiceItem | None:
    return session.scalars(
        select(ServiceItem).where(
            ServiceItem.station_code == station_code, ServiceItem.code == code, ServiceItem.active
        )
    ).first()


def services_by_code(session: Session, station_code: str) -> dict[str, ServiceItem]:
    """The station's services by code, inactive ones too (old records name them)."""
    items = session.scalars(select(ServiceItem).where(ServiceItem.station_code == station_code))
    return {item.code: item for item in items}
