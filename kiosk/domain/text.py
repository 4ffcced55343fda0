"""The one text rule: what free text a station or the hub takes, from a form, a file or the wire.

Text is NFC-normalised and stripped, then refused if it holds a character that breaks
something downstream or hides what the text says:

- C0 and C1 control characters (NUL, ESC, …): Excel exports fail on them and receipts print
  garbage. A newline or a tab only in a multi-line field (CR LF and CR become LF).
- Bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): they make a text
  read differently from what it holds (a name shown reversed on the desk's list).
- Private-use code points: the legacy (Menksoft-era) Mongolian encodings some input methods
  still emit; they show as boxes everywhere but on the typist's machine.
- Lone surrogates and noncharacters: not text at all.

The Mongolian shaping controls stay: free variation selectors FVS1–4 (U+180B–U+180D, U+180F),
the vowel separator MVS (U+180E), NNBSP (U+202F) before a suffix, and ZWJ/ZWNJ
(U+200D/U+200C) belong in Mongolian text and change only how a letter is drawn.

This module imports nothing of the app: the forms layer, the jobs import and the sync wire
decoder use it alike, so what a station accepts the hub accepts.
"""

import enum
import re
import unicodedata


class TextFault(enum.StrEnum):
    """Why a text is refused (the forms layer's problem codes of the same names)."""

    control_characters = "control_characters"
    bidi_controls = "bidi_controls"
    private_use = "private_use"


# C0 controls but TAB and LF, DEL, C1 controls; lone surrogates; noncharacters.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_CONTROL_SINGLE_LINE = re.compile(f"[\t\n{_CONTROL}]")
_CONTROL_MULTI_LINE = re.compile(f"[{_CONTROL}]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
#: Characters that are never a fault (everything outside them is checked exactly): one
#: quick pass over a text, as nearly every text has no fault (a new station checks millions).
_NEVER_FAULTY = "\x20-\x7e\xa0-\u2029\u202f-\u2065\u206a-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
_MAYBE_FAULTY = {
    False: re.compile(f"[^{_NEVER_FAULTY}]"),
    True: re.compile(f"[^\t\n{_NEVER_FAULTY}]"),
}

_NEWLINES = re.compile(r"\r\n?")


def normalize(value: str, *, multiline: bool = False) -> str:
    """The form text is kept in: NFC, no surrounding blanks, LF line ends."""
    if multiline:
        value = _NEWLINES.sub("\n", value)
    # A lone surrogate cannot be normalised (nor encoded): leave it for fault() to name.
    if not _has_surrogate(value):
        value = unicodedata.normalize("NFC", value)
    return value.strip()


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in value)


def fault(value: str, *, multiline: bool = False) -> TextFault | None:
    """What is wrong with a (normalised) text, or None when it may be kept."""
    if not _MAYBE_FAULTY[multiline].search(value):
        return None
    if (_CONTROL_MULTI_LINE if multiline else _CONTROL_SINGLE_LINE).search(value):
        return TextFault.control_characters
    if _BIDI.search(value):
        return TextFault.bidi_controls
    if _PRIVATE_USE.search(value):
        return TextFault.private_use
    return None


#: The Mongolian script's letters (U+1820–U+18AA, Todo and Manchu included): a text meant to be
#: Mongolian holds some; digits, Chinese place names and punctuation may stand beside them.
_MONGOLIAN_LETTER = re.compile("[\u1820-\u18aa]")


def has_mongolian_letters(value: str) -> bool:
    return bool(_MONGOLIAN_LETTER.search(value))


def has_private_use(value: str) -> bool:
    """True if the text holds private-use code points (legacy Mongolian encodings)."""
    return bool(_PRIVATE_USE.search(value))
