"""Personal data, kept minimal and protected: identity and mobile numbers checked and masked,
and sealed (AES-GCM) for storage with a keyed hash (HMAC-SHA256) to find a person again.

The keys live in the instance folder (made once per box, never in the repository) unless
the configuration names them; losing them makes the sealed numbers unreadable, so backups
must carry the instance folder.
"""

import base64
import enum
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric


class IdProblem(enum.StrEnum):
    """Why a resident identity number was refused (each has its own message on screen)."""

    digits = "digits"  # digits of another script (Mongolian, Arabic-Indic…): not 0–9
    # The member shadows str.format, which nobody calls on an IdProblem.
    format = "format"  # type: ignore[assignment]  # not 17 digits and a check character
    checksum = "checksum"  # a digit mistyped: the check character does not match
    birth_date = "birth_date"  # no such day, or in the future
    address = "address"  # no such address code


class InvalidIdNumber(ValueError):
    def __init__(self, problem: IdProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class ResidentId:
    """A checked resident identity number (GB 11643) and what it says of its holder."""

    number: str
    birth_date: date
    male: bool

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)


def parse_id_number(raw: str, *, today: date | None = None) -> ResidentId:
    """Check a typed identity number: digits, format, check character, birth date, place code."""
    try:
        number = canonical_number(raw).upper()
    except ForeignDigits:
        raise InvalidIdNumber(IdProblem.digits) from None
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise InvalidIdNumber(IdProblem.format)
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidIdNumber(IdProblem.checksum)
    try:
        born = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise InvalidIdNumber(IdProblem.birth_date) from None
    if born > (today or date.today()):
        raise InvalidIdNumber(IdProblem.birth_date)
    if number[:6] not in place_codes():
        raise InvalidIdNumber(IdProblem.address)
    # The 17th digit is odd for men and even for women.
    return ResidentId(number=number, birth_date=born, male=int(number[16]) % 2 == 1)


@functools.cache
def place_codes() -> frozenset[str]:
    """Every address code that has ever existed, from python-stdnum's table (cn/loc).

    Not stdnum's `get_birth_place`: it wants the code to have existed in the birth year, but
    a number keeps the code of the day it was first issued (for people born before 1999,
    around age 16), so a 锡林浩特 (152502, from 1983) number of someone born in 1971 is real.
    """

    def walk(prefixes: list, head: str) -> Iterator[str]:
        for length, low, high, props, children in prefixes:
            for n in range(int(low), int(high) + 1):
                code = head + str(n).zfill(length)
                if len(code) == 6 and "county" in props:
                    yield code
                yield from walk(children, code)

    return frozenset(walk(numdb.get("cn/loc").prefixes, ""))


class ForeignDigits(ValueError):
    """A number typed with digits of another script: int() and `\\d` take them, so they
    would make a second spelling of the same number (a second record, a second seat)."""


# A Chinese input method in full-width mode types ０–９ and Ｘ: the same number, folded.
_FULL_WIDTH = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)} | {"Ｘ": "X", "ｘ": "x"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−－﹣]")  # spaces, hyphens and dashes people put in


def has_foreign_digits(raw: str) -> bool:
    """Whether the text holds a digit that is not 0–9 once full-width forms are folded."""
    return any(not c.isascii() and c.isnumeric() for c in raw.translate(_FULL_WIDTH))


def canonical_number(raw: str) -> str:
    """The one spelling of a typed number: full-width digits and X folded to ASCII, spaces and
    hyphens dropped. Raises ForeignDigits for any other digit, before any check or hash."""
    if has_foreign_digits(raw):
        raise ForeignDigits  # not the number itself: an exception may reach a log
    return _SEPARATORS.sub("", raw.translate(_FULL_WIDTH))


def mask_id_number(number: str) -> str:
    """150102********1237: the address code and the last four, never the birth date."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str) -> str:
    """巴*尔, 王*: enough for a person to know their own slip, not enough for a passer-by."""
    if len(name) <= 2:
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


MOBILE = re.compile(r"1[3-9][0-9]{9}")


def parse_mobile(raw: str) -> str | None:
    """A mainland mobile number (11 digits from 13–19) in its canonical form, or None
    (`has_foreign_digits` tells whether it was for digits of another script)."""
    try:
        number = canonical_number(raw)
    except ForeignDigits:
        return None
    return number if MOBILE.fullmatch(number) else None


def mask_mobile(number: str) -> str:
    """139****5678."""
    return number[:3] + "****" + number[-4:]


class Vault:
    """Seals personal data for storage and makes the keyed hash used to look it up."""

    NONCE_BYTES = 12

    def __init__(
        self, sealing_key: bytes, lookup_key: bytes, *, older: Sequence[bytes] = ()
    ) -> None:
        """`older` sealing keys (newest first) only open what they sealed before a rotation."""
        if any(len(key) != 32 for key in (sealing_key, *older)) or len(lookup_key) < 32:
            raise ValueError("the sealing key must be 32 bytes, the lookup key at least 32")
        self._aead = AESGCM(sealing_key)
        self._older = [AESGCM(key) for key in older]
        self._lookup_key = lookup_key

    def seal(self, plaintext: str, *, context: str) -> bytes:
        """Encrypt; `context` (say "seeker.id_number") binds the sealed value to its field."""
        return self.seal_bytes(plaintext.encode(), context=context)

    def open(self, sealed: bytes, *, context: str) -> str:
        return self.open_bytes(sealed, context=context).decode()

    def seal_bytes(self, plaintext: bytes, *, context: str) -> bytes:
        """As `seal`, for what is not text (a photo)."""
        nonce = os.urandom(self.NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def open_bytes(self, sealed: bytes, *, context: str) -> bytes:
        nonce, ciphertext = sealed[: self.NONCE_BYTES], sealed[self.NONCE_BYTES :]
        # A sealed value does not name its key: the tag tells which one sealed it (a wrong
        # key fails it, 1 in 2^128 passes), newest first, so a rotation costs old data nothing.
        for aead in (self._aead, *self._older):
            try:
                return aead.decrypt(nonce, ciphertext, context.encode())
            except InvalidTag:
                continue
        raise ValueError("sealed value was altered, or sealed with another key")

    def lookup_hash(self, value: str, *, context: str) -> str:
        """The same value always gives the same hash on this box; without the key it cannot
        be reversed by trying all 10^17 identity numbers."""
        message = f"{context}\0{value}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).hexdigest()


KEYS_FILE = "personal_data_keys.json"
#: A station's copy of its county's keys, fetched from the hub (kiosk/sync/station/fleet.py).
COUNTY_KEYS_FILE = "county_keys.json"


def vault_for(app: Flask) -> Vault:
    """The app's vault: keys from PERSONAL_DATA_KEYS (JSON with base64 "sealing" and
    "lookup"), else from the instance folder, made there once with mode 0600.

    A station that has its county's keys (county_keys.json) seals with the county's newest
    key and hashes with the county's lookup key, so the same person has the same keyed hash
    at every outlet; its own old key still opens what it sealed before. The file is read
    again when it changes (a sync round writes it; every worker sees the new key)."""
    county_path = Path(app.instance_path) / COUNTY_KEYS_FILE
    try:
        found = county_path.stat()
        stamp: tuple[int, int] | None = (found.st_ino, found.st_mtime_ns)
    except FileNotFoundError:
        stamp = None
    cached = app.extensions.get("kiosk.vault")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    keys = app.config.get("PERSONAL_DATA_KEYS") or _instance_keys(Path(app.instance_path))
    if isinstance(keys, str):
        keys = json.loads(keys)
    own_sealing, own_lookup = base64.b64decode(keys["sealing"]), base64.b64decode(keys["lookup"])
    county = json.loads(county_path.read_text()) if stamp is not None else None
    if county:
        ring = county_keyring(county)
        vault = Vault(ring.sealing[0], ring.lookup, older=[*ring.sealing[1:], own_sealing])
    else:
        vault = Vault(own_sealing, own_lookup)
    app.extensions["kiosk.vault"] = (stamp, vault)
    return vault


@dataclass(frozen=True)
class CountyKeyring:
    """A county's keys as a station holds them: sealing keys newest first, one lookup key."""

    county: str
    version: int
    sealing: list[bytes]
    lookup: bytes


def county_keyring(data: dict) -> CountyKeyring:
    """Read {"county", "version", "sealing": {version: base64}, "lookup": base64}."""
    versions = sorted(((int(v), key) for v, key in data["sealing"].items()), reverse=True)
    return CountyKeyring(
        county=str(data["county"]),
        version=int(data["version"]),
        sealing=[base64.b64decode(key) for _, key in versions],
        lookup=base64.b64decode(data["lookup"]),
    )


def write_private_file(path: Path, text: str) -> None:
    """Write the whole file with mode 0600 and move it into place (readers never see half)."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(draft, path)


def _instance_keys(instance: Path) -> dict[str, str]:
    path = instance / KEYS_FILE
    if not path.exists():
        keys = {
            name: base64.b64encode(secrets.token_bytes(32)).decode()
            for name in ("sealing", "lookup")
        }
        # Written whole with mode 0600, then linked into place: a worker or thread starting
        # at the same moment either makes the file first or reads the one that won.
        draft = path.with_name(f".{KEYS_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(keys, f)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return json.loads(path.read_text())
