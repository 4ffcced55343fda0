"""The photo of a business licence sent with a gig post: checked to be a photo, shrunk to what
a reviewer needs to read it, its metadata dropped, sealed, and kept for the station only."""

import io
import uuid

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from kiosk.models import GigLicence
from kiosk.personal_data import Vault

#: What a phone's camera sends (its page shrinks the photo first where it can: static/js).
MAX_BYTES = 12 * 1024 * 1024
#: Enough to read a licence's small print; a phone's 4,000 px photo is mostly bytes.
LONGEST_SIDE = 1600
#: A photo of more pixels than a 50-megapixel camera makes is not a photo but a trap.
MAX_PIXELS = 50_000_000
FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
CONTEXT = "gig_licence.photo"


class NotAPhoto(ValueError):
    """The file is not a JPEG, PNG or WebP photo that can be read."""


def shrink(raw: bytes) -> bytes:
    """The photo upright, at most LONGEST_SIDE pixels each way, as a JPEG with no metadata
    (no place, no camera, no time); or NotAPhoto."""
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in FORMATS or image.width * image.height > MAX_PIXELS:
                raise NotAPhoto(image.format or "unknown")
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as failed:
        raise NotAPhoto(str(failed)) from failed
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=80, optimize=True)  # only pixels: no EXIF is written
    return out.getvalue()


def keep(session: Session, post_id: uuid.UUID, jpeg: bytes, vault: Vault) -> None:
    """The post's licence photo, replacing an earlier one. The caller commits."""
    sealed = vault.seal_bytes(jpeg, context=CONTEXT)
    licence = session.get(GigLicence, post_id)
    if licence is None:
        session.add(GigLicence(post_id=post_id, photo_sealed=sealed))
    else:
        licence.photo_sealed = sealed


def has_licence(session: Session, post_id: uuid.UUID) -> bool:
    return session.get(GigLicence, post_id) is not None


def photo(session: Session, post_id: uuid.UUID, vault: Vault) -> bytes | None:
    licence = session.get(GigLicence, post_id)
    return None if licence is None else vault.open_bytes(licence.photo_sealed, context=CONTEXT)
