"""Batch receipts are kept for a window, not for ever: 3,000 stations leave millions a year.

A receipt makes a replayed batch cheap (its stored answer, nothing applied). Once pruned, a
replay is taken record by record again, and the upsert's guard (`WHERE version <
excluded.version AND origin = excluded.origin`) lets none of it replace what the hub holds:
every record is answered "duplicate".
"""

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from kiosk.domain.rows import rows_changed
from kiosk.models import BatchReceipt, utcnow


def prune_receipts(session: Session, days: int) -> int:
    """Delete the receipts older than `days`; how many went. The caller commits."""
    older = utcnow() - timedelta(days=days)
    return rows_changed(session, delete(BatchReceipt).where(BatchReceipt.received_at < older))
