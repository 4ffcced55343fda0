"""Resident ID card readers (二代身份证阅读器): the card fills the form, the person confirms.

Two kinds, both pluggable without code:

- **Keyboard wedge**: the reader "types" the 18-character number and Enter into the page, as
  a keyboard would. Nothing to configure; the kiosk page (static/js/keys.js) tells such a
  burst from a person typing and puts it in the ID field.
- **Reader service**: the reader's own program on the kiosk box answers HTTP on localhost
  (`CARD_READER_URL`, e.g. http://127.0.0.1:19196/readcard). When the person taps "read my
  ID card", the station server (not the browser: the page's CSP allows no other origin) asks
  it for the card. It answers JSON; the field names of the common vendors' services are
  understood (`FIELDS`).

Of a card only the name and the number are taken into the form (sex and birth date are read
from the number, and checked against it). The photo is never read out of the answer, and the
address is kept in the `Card` only (the form does not ask for it); neither is logged: the
`Card`'s repr shows no personal data.
"""

import enum
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from kiosk.domain.text import fault, normalize
from kiosk.personal_data import InvalidIdNumber, parse_id_number

log = logging.getLogger(__name__)

#: An answer larger than this is not a card (a photo is about 40 kB in base64).
MOST_BYTES = 512 * 1024

#: Our name for a field → the names vendors' reader services give it.
FIELDS = {
    "name": ("name", "partyName", "Name", "xm"),
    "number": ("number", "id_number", "idNumber", "certNumber", "IDCode", "cardNo", "sfzh"),
    "sex": ("sex", "gender", "Sex", "xb"),
    "birth_date": ("birth_date", "birthDate", "bornDay", "Born", "csrq"),
    "address": ("address", "certAddress", "Address", "zz"),
}


class CardProblem(enum.StrEnum):
    absent = "absent"  # no reader service answers (not installed, unplugged, not started)
    no_card = "no_card"  # the reader answered: there is no card on it
    garbled = "garbled"  # an answer that is no card we can use


class CardReaderError(Exception):
    def __init__(self, problem: CardProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Card:
    name: str = field(repr=False)
    number: str = field(repr=False)
    male: bool = field(repr=False)
    birth_date: date = field(repr=False)
    address: str = field(default="", repr=False)


class CardReader(Protocol):
    def read(self) -> Card:
        """The card on the reader; CardReaderError says why not."""
        ...


@dataclass(frozen=True)
class ServiceReader:
    """A reader behind its vendor's local HTTP service."""

    url: str
    timeout: float = 5.0

    def read(self) -> Card:
        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MOST_BYTES + 1)
        except urllib.error.HTTPError as refused:
            # A service that is there but has no card to give answers 4xx/5xx.
            log.info("card reader answered HTTP %s", refused.code)
            refused.close()
            raise CardReaderError(CardProblem.no_card) from None
        except (OSError, ValueError) as failed:  # refused, timed out, no route, bad URL
            log.info("card reader not reached: %s", type(failed).__name__)
            raise CardReaderError(CardProblem.absent) from None
        if len(body) > MOST_BYTES:
            raise CardReaderError(CardProblem.garbled)
        return card_from_answer(body)


def reader_for(config: Any) -> CardReader | None:
    """The configured reader service, or None (a wedge reader needs nothing here)."""
    url = str(config.get("CARD_READER_URL") or "").strip()
    if not url:
        return None
    return ServiceReader(url, float(config.get("CARD_READER_TIMEOUT") or 5))


def _field(data: dict, name: str) -> str:
    for alias in FIELDS[name]:
        value = data.get(alias)
        if isinstance(value, str | int) and str(value).strip():
            text = normalize(str(value))
            if fault(text) is not None:  # control characters: a broken answer, not a card
                raise CardReaderError(CardProblem.garbled)
            return text
    return ""


def card_from_answer(body: bytes) -> Card:
    """A card from a reader service's JSON answer, checked: the number is a real ID number
    and the sex and birth date the answer gives agree with it."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CardReaderError(CardProblem.garbled) from None
    if isinstance(data, dict) and isinstance(data.get("data"), dict):  # {"code":0,"data":{…}}
        data = data["data"]
    if not isinstance(data, dict):
        raise CardReaderError(CardProblem.garbled)
    number = _field(data, "number").upper()
    if not number:
        raise CardReaderError(CardProblem.no_card)
    try:
        resident = parse_id_number(number)
    except InvalidIdNumber:
        raise CardReaderError(CardProblem.garbled) from None
    name = _field(data, "name")
    sex = _field(data, "sex")
    birth = "".join(c for c in _field(data, "birth_date") if c.isdigit())
    sex_disagrees = sex and (sex in ("男", "1", "M", "m", "male")) != resident.male
    birth_disagrees = birth and birth[:8] != resident.birth_date.strftime("%Y%m%d")
    if not name or sex_disagrees or birth_disagrees:
        raise CardReaderError(CardProblem.garbled)
    return Card(
        name=name,
        number=resident.number,
        male=resident.male,
        birth_date=resident.birth_date,
        address=_field(data, "address"),
    )
