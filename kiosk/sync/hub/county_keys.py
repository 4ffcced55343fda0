"""Each county's keys for personal data, kept at the hub and handed to its stations.

The stations of one county seal ID and mobile numbers with the county's sealing key and hash
them with its lookup key, so a person registered at the caravan in spring and at the doorstep
station in autumn has one keyed hash: one person at the hub.

Rotation makes a new *sealing* key version; stations fetch it with their next round and seal
new data with it, while every older version stays in their keyring and still opens what it
sealed. The lookup key stays the same across versions: it is the person's identity in the
county (a new one would split every person in two until every record of every station was
hashed again), and it protects only against guessing numbers, which the sealed copy and the
hub's own key guard as well. The keys are sealed here with the hub's own key (the key files
`kiosk hub backup` keeps), never stored in the clear.
"""

import base64
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import CountyKey, Station
from kiosk.personal_data import Vault

SEALING_CONTEXT = "county_key.sealing"
LOOKUP_CONTEXT = "county_key.lookup"


def current_version(session: Session, county: str) -> int:
    """The county's newest key version, 0 when it has none yet."""
    newest = session.scalar(
        select(func.max(CountyKey.version)).where(CountyKey.county_code == county)
    )
    return newest or 0


def ensure_county_keys(session: Session, hub: Vault, county: str) -> int:
    """The county's keys, made (version 1) the first time a station of it is registered."""
    version = current_version(session, county)
    if version:
        return version
    lookup = secrets.token_bytes(32)
    session.add(_version(hub, county, 1, lookup))
    session.flush()
    return 1


def rotate_county_keys(session: Session, hub: Vault, county: str) -> int:
    """A new sealing key version for the county (the lookup key kept); its number."""
    ensure_county_keys(session, hub, county)
    newest = session.get_one(CountyKey, (county, current_version(session, county)))
    lookup = hub.open(newest.lookup_sealed, context=LOOKUP_CONTEXT)
    version = newest.version + 1
    session.add(_version(hub, county, version, base64.b64decode(lookup)))
    session.flush()
    return version


def _version(hub: Vault, county: str, version: int, lookup: bytes) -> CountyKey:
    sealing = base64.b64encode(secrets.token_bytes(32)).decode()
    return CountyKey(
        county_code=county,
        version=version,
        sealing_sealed=hub.seal(sealing, context=SEALING_CONTEXT),
        lookup_sealed=hub.seal(base64.b64encode(lookup).decode(), context=LOOKUP_CONTEXT),
    )


def keyring(session: Session, hub: Vault, county: str) -> dict:
    """Every version of the county's keys, as a station keeps them (county_keyring reads it)."""
    rows = session.scalars(
        select(CountyKey).where(CountyKey.county_code == county).order_by(CountyKey.version)
    ).all()
    if not rows:
        return {}
    return {
        "county": county,
        "version": rows[-1].version,
        "sealing": {
            str(row.version): hub.open(row.sealing_sealed, context=SEALING_CONTEXT) for row in rows
        },
        "lookup": hub.open(rows[-1].lookup_sealed, context=LOOKUP_CONTEXT),
    }


def county_vault(session: Session, hub: Vault, county: str) -> Vault | None:
    """The county's vault at the hub (to hash what a look-up carries, or open a value)."""
    ring = keyring(session, hub, county)
    if not ring:
        return None
    newest_first = sorted(ring["sealing"].items(), key=lambda item: int(item[0]), reverse=True)
    sealing = [base64.b64decode(key) for _, key in newest_first]
    return Vault(sealing[0], base64.b64decode(ring["lookup"]), older=sealing[1:])


def county_of(session: Session, station_code: str) -> str | None:
    """The county (banner) a station belongs to, as the outlet register says."""
    return session.scalar(select(Station.region_code).where(Station.code == station_code))


def stations_of(session: Session, county: str) -> list[str]:
    return list(session.scalars(select(Station.code).where(Station.region_code == county)))
