"""Signing a station's requests to its hub, and checking them there.

The signature is an HMAC-SHA256 with the station's secret over the method, the path, the
batch id and the body's SHA-256, so a body cannot be swapped under a batch id and the secret
never travels. No timestamp is signed or checked: a caravan's clock may be days off, and
replays die on the batch id (a batch is applied once, ever).
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

STATION = "X-Kiosk-Station"
BATCH = "X-Kiosk-Batch"
SIGNATURE = "X-Kiosk-Signature"
#: How many records the station still has waiting (shown at the hub; not signed, a hint).
BACKLOG = "X-Kiosk-Backlog"
#: A secret is 256 random bits, written as URL-safe base64.
SECRET_BYTES = 32


def _message(method: str, path: str, batch_id: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((method.upper(), path, batch_id, digest)).encode()


def signature(secret: str, method: str, path: str, batch_id: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), _message(method, path, batch_id, body), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def signed_headers(
    station_code: str, secret: str, method: str, path: str, batch_id: str, body: bytes
) -> dict[str, str]:
    """The headers a station adds to a request it makes to its hub."""
    return {
        STATION: station_code,
        BATCH: batch_id,
        SIGNATURE: signature(secret, method, path, batch_id, body),
    }


@dataclass(frozen=True)
class SignedRequest:
    """What a hub reads off a request before it trusts anything in it."""

    station_code: str
    batch_id: str
    signature: str

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> "SignedRequest | None":
        values = [headers.get(name, "") for name in (STATION, BATCH, SIGNATURE)]
        if not all(values) or any(len(value) > 100 for value in values):
            return None
        return cls(*values)

    def is_signed_by(self, secret: str, method: str, path: str, body: bytes) -> bool:
        expected = signature(secret, method, path, self.batch_id, body)
        return hmac.compare_digest(expected, self.signature)
