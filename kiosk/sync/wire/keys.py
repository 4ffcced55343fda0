"""A county's keys on the wire: sealed for the one station that asked.

The answer to a signed `POST /sync/keys` is sealed (AES-GCM) with a key derived (HKDF-SHA256)
from that station's secret and bound to its code and the request's id, so only the station
that signed the request opens it: an eavesdropper, a proxy's log or a replayed request learn
nothing, and the secret itself still never travels.
"""

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"kiosk county keys v1"


def _aead(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret.encode())
    return AESGCM(key)


def seal_for_station(secret: str, station_code: str, request_id: str, payload: dict) -> str:
    nonce = os.urandom(12)
    aad = f"{station_code}\n{request_id}".encode()
    sealed = nonce + _aead(secret).encrypt(nonce, json.dumps(payload).encode(), aad)
    return base64.b64encode(sealed).decode()


def open_from_hub(secret: str, station_code: str, request_id: str, sealed: str) -> dict:
    raw = base64.b64decode(sealed, validate=True)
    aad = f"{station_code}\n{request_id}".encode()
    try:
        opened = _aead(secret).decrypt(raw[:12], raw[12:], aad)
    except InvalidTag:
        raise ValueError("the keys were not sealed for this station") from None
    payload = json.loads(opened)
    if not isinstance(payload, dict):
        raise ValueError("not a keyring")
    return payload
