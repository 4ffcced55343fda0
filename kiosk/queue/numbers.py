"""Queue numbers: one sequence per service and day, shared by appointments and walk-ins."""

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk.codes import unique_code
from kiosk.models import QueueCounter, ServiceItem, Ticket, local_today
from kiosk.models.base import upsert_insert


def next_queue_label(session: Session, service: ServiceItem, day: date) -> str:
    """The next number for `service` on `day`, e.g. "A012".

    An upsert then an increment with RETURNING: the database hands each number to one
    writer, so two kiosks (or a kiosk and a phone) never print the same one.
    """
    session.execute(
        upsert_insert(session)(QueueCounter)
        .values(service_id=service.id, day=day, last=0)
        .on_conflict_do_nothing(index_elements=["service_id", "day"])
    )
    number = session.execute(
        update(QueueCounter)
        .where(QueueCounter.service_id == service.id, QueueCounter.day == day)
        .values(last=QueueCounter.last + 1)
        .returning(QueueCounter.last)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return f"{service.queue_letter}{number:03d}"


def issue_ticket(
    session: Session, service: ServiceItem, *, origin: str, day: date | None = None
) -> Ticket:
    """A walk-in's ticket for today, written in the caller's transaction."""
    day = day or local_today()
    ticket = Ticket(
        origin=origin,
        service_id=service.id,
        day=day,
        queue_label=next_queue_label(session, service, day),
        code=unique_code(session, Ticket.code, 10),
    )
    session.add(ticket)
    session.flush()  # its id, for the slip written in the same transaction
    return ticket
