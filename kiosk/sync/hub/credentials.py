"""The hub's register of stations: hand out a secret once, check requests, revoke at once."""

import secrets
from base64 import urlsafe_b64encode

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import StationCredential, utcnow
from kiosk.personal_data import Vault
from kiosk.sync.wire.signing import SECRET_BYTES, SignedRequest

SECRET_CONTEXT = "station_credential.secret"
#: Station codes as `KIOSK_STATION_CODE` takes them: letters, digits, - and _.
MAX_CODE = 32


class CredentialProblem(ValueError):
    pass


def _check_code(code: str) -> str:
    if not code or len(code) > MAX_CODE or not code.replace("-", "").replace("_", "").isalnum():
        raise CredentialProblem("a station code takes up to 32 letters, digits, - and _")
    if not code.isascii():
        raise CredentialProblem("a station code takes Latin letters only")
    return code


def add_station(session: Session, vault: Vault, code: str, *, rotate: bool = False) -> str:
    """Register a station (or give a registered one a new secret) and return the secret.

    The secret is shown this once; the hub keeps it sealed with its own key.
    """
    code = _check_code(code.strip())
    secret = urlsafe_b64encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")
    sealed = vault.seal(secret, context=SECRET_CONTEXT)
    credential = session.scalars(
        select(StationCredential).where(StationCredential.station_code == code)
    ).first()
    if credential is None:
        session.add(StationCredential(station_code=code, secret_sealed=sealed))
    elif credential.revoked_at is None and not rotate:
        raise CredentialProblem(f"station {code} already has a secret (--rotate makes a new one)")
    else:
        credential.secret_sealed, credential.revoked_at = sealed, None
        credential.created_at = utcnow()
    return secret


def revoke_station(session: Session, code: str) -> bool:
    credential = session.scalars(
        select(StationCredential).where(StationCredential.station_code == code)
    ).first()
    if credential is None or credential.revoked_at is not None:
        return False
    credential.revoked_at = utcnow()
    return True


def authenticated_station(
    session: Session, vault: Vault, request: SignedRequest | None, method: str, path: str,
    body: bytes, *, contact: bool = True,
) -> StationCredential | None:  # fmt: skip
    """The station that signed this request, or None: unknown, revoked or a bad signature
    are all simply "not authenticated", so a caller learns nothing about which it was.

    `contact=False` leaves "last contact" alone: a push notes it only once it is known not
    to be a replay (anyone who saw a signed batch on the wire can send it again)."""
    if request is None:
        return None
    credential = session.scalars(
        select(StationCredential).where(StationCredential.station_code == request.station_code)
    ).first()
    if credential is None or credential.revoked_at is not None:
        return None
    secret = vault.open(credential.secret_sealed, context=SECRET_CONTEXT)
    if not request.is_signed_by(secret, method, path, body):
        return None
    if contact:
        note_contact(credential)
    return credential


def note_contact(credential: StationCredential) -> None:
    credential.last_contact_at = utcnow()
