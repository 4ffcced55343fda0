"""Finding a registered person by what they can tell the desk: mobile, ID or slip number."""

import enum
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Refused
from kiosk.models import Seeker
from kiosk.personal_data import (
    ForeignDigits,
    IdProblem,
    InvalidIdNumber,
    Vault,
    canonical_number,
    parse_id_number,
    parse_mobile,
)
from kiosk.registration.service import ID_CONTEXT, MOBILE_CONTEXT

#: The number on a registration receipt: R and nine characters of the code alphabet.
REGISTRATION_NO = re.compile(r"R[0-9A-HJKMNP-TV-Z]{9}")
MAX_QUERY = 40


class LookupProblem(enum.StrEnum):
    empty = "empty"
    not_a_number = "not_a_number"  # neither a mobile, an ID nor a registration number
    digits = "digits"  # digits of another script (Mongolian, Arabic-Indic…), not 0–9
    id_checksum = "id_checksum"
    id_invalid = "id_invalid"


class NumberKind(enum.StrEnum):
    registration = "registration"
    mobile = "mobile"
    id = "id"


def read_number(typed: str) -> tuple[NumberKind, str]:
    """Which number was typed, in its one spelling; Refused with the reason otherwise.
    Folded as registration and booking fold, so what was stored is what is looked up."""
    try:
        query = canonical_number(typed)[:MAX_QUERY].upper()
    except ForeignDigits:
        raise Refused.one("q", LookupProblem.digits) from None
    if not query:
        raise Refused.one("q", LookupProblem.empty)
    if REGISTRATION_NO.fullmatch(query):
        return NumberKind.registration, query
    if mobile := parse_mobile(query):
        return NumberKind.mobile, mobile
    if len(query) == 18:
        try:
            resident = parse_id_number(query)
        except InvalidIdNumber as invalid:
            checksum = invalid.problem == IdProblem.checksum
            problem = LookupProblem.id_checksum if checksum else LookupProblem.id_invalid
            raise Refused.one("q", problem) from None
        return NumberKind.id, resident.number
    raise Refused.one("q", LookupProblem.not_a_number)


def find_seekers(session: Session, vault: Vault, typed: str) -> list[Seeker]:
    """Everyone registered under the number typed (a mobile may be shared by a family).

    Only the keyed hash is compared: the number itself is never stored or logged.
    """
    kind, number = read_number(typed)
    if kind is NumberKind.registration:
        condition = Seeker.registration_no == number
    elif kind is NumberKind.mobile:
        condition = Seeker.mobile_hash == vault.lookup_hash(number, context=MOBILE_CONTEXT)
    else:
        condition = Seeker.id_number_hash == vault.lookup_hash(number, context=ID_CONTEXT)
    return list(session.scalars(select(Seeker).where(condition).order_by(Seeker.created_at)))
