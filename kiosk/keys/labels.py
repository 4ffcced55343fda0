"""Words of the on-screen keys: what the keys that type no letter do, for a screen reader
and for the key's title."""

from flask_babel import lazy_gettext as _l

from kiosk.keypad import FVS1, FVS2, FVS3, MVS, NNBSP

CONTROLS = {
    NNBSP: _l("Narrow space before a suffix (NNBSP)"),
    MVS: _l("Vowel separator (MVS)"),
    FVS1: _l("First variant form (FVS1)"),
    FVS2: _l("Second variant form (FVS2)"),
    FVS3: _l("Third variant form (FVS3)"),
    "shift": _l("Shift: the key's second letter"),
    "space": _l("Space"),
}
