"""Short random codes people read off a slip or a screen and type at a desk."""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

#: Crockford's base32: no I, L, O or U to misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def unique_code(
    session: Session, column: InstrumentedAttribute, length: int, prefix: str = ""
) -> str:
    """A random code not yet in `column` (its unique constraint is the last word)."""
    while True:
        code = prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
        if session.scalar(select(column).where(column == code)) is None:
            return code
