"""The on-screen keys: kiosks have no keyboard. With JS a key types into its field
(static/js/keys.js); without, each key is a submit button and the server works out the new
value (`typed`).

Layouts: Latin letters and digits (search, and pinyin, which offers Chinese characters for
the letters typed), digits, digits and X (an ID number), slip codes, and traditional
Mongolian in the national layout GB/T 28038-2011 §4.3 (the Bichig table; the same table as
xkeyboard-config's `cn(mon_trad)`): each letter on the key of the US keyboard it sits on in
the standard, with its shift level, and the format controls NNBSP, MVS and FVS1–3 where the
standard puts them.
"""

from typing import NamedTuple


class Key(NamedTuple):
    #: The character typed, or an action: "back", "clear", "space", "shift".
    value: str
    #: What the key shows; empty: the character itself.
    label: str = ""
    #: The character at the shift level (Mongolian); empty: the same as `value`.
    shift: str = ""
    shift_label: str = ""


Rows = tuple[tuple[Key, ...], ...]


def _plain(*rows: str) -> Rows:
    return tuple(tuple(Key(c) for c in row) for row in rows)


SEARCH_ROWS = _plain("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
#: A Chinese name: pinyin letters ("v" for ü, as every pinyin input does) and the "·" of
#: names such as 阿拉坦·其其格.
PINYIN_ROWS = _plain("qwertyuiop", "asdfghjkl", "zxcvbnm·")
LATIN_NAME_ROWS = _plain("qwertyuiop", "asdfghjkl", "zxcvbnm-")
DIGIT_ROWS = _plain("123", "456", "789", "0")
#: An ID number's last character may be X (the check digit 10).
ID_ROWS = _plain("123", "456", "789", "X0")
#: Slip codes use Crockford's alphabet (no I, L, O, U).
CODE_ROWS = _plain("1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ")

NNBSP = "\u202f"  # narrow no-break space: before a case suffix (ᠶᠢᠨ, ᠳᠤ…)
MVS = "\u180e"  # Mongolian vowel separator: the final a/e after it takes its separate form
FVS1, FVS2, FVS3 = "\u180b", "\u180c", "\u180d"  # free variation selectors: a letter's variant


def _mongolian(base: str, shifted: str) -> tuple[Key, ...]:
    return tuple(Key(b, shift=s if s != b else "") for b, s in zip(base, shifted, strict=True))


#: GB/T 28038-2011 §4.3, row by row (the US keys each sits on in the comment). The digit row
#: keeps only what a name or a search needs: FVS3 (`), the digits and NNBSP/MVS (-).
MONGOLIAN_ROWS: Rows = (
    (
        Key(FVS3, "FVS3"),
        *(Key(d) for d in "1234567890"),
        Key(NNBSP, "NNBSP", MVS, "MVS"),
    ),
    _mongolian("ᠣᠸᠡᠷᠲᠶᠦᠢᠥᠫ", "ᡂᠸᠧᠿᠲᠶᠦᠢᠥᠫ"),  # q w e r t y u i o p
    (*_mongolian("ᠠᠰᠳᠹᠭᠬᠵᠺᠯ", "ᠠᠰᠳᠹᠭᠾᠵᠻᡀ"), Key(FVS1, "FVS1", FVS2, "FVS2")),  # a … l '
    (Key("shift", "⇧"), *_mongolian("ᠽᠱᠴᠤᠪᠨᠮ", "ᡁᠱᠼᠤᠪᠩᠮ"), Key("space", "␣")),  # z … m
)

LAYOUTS: dict[str, Rows] = {
    "search": SEARCH_ROWS,
    "pinyin": PINYIN_ROWS,
    "latin": LATIN_NAME_ROWS,
    "digits": DIGIT_ROWS,
    "id": ID_ROWS,
    "code": CODE_ROWS,
    "mongolian": MONGOLIAN_ROWS,
}


def _typeable(key: str) -> bool:
    if len(key) != 1:
        return False
    return (key.isascii() and key.isalnum()) or "\u1800" <= key <= "\u18af" or key == NNBSP


def typed(text: str, key: str, max_length: int, lower: bool = False) -> str:
    """`text` after one tap: a letter or digit is added (Mongolian letters and controls
    too), "space" adds a space, "back" deletes one, "clear" all."""
    if key == "back":
        return text[:-1]
    if key == "clear":
        return ""
    if key == "space":
        key = " "
    elif not _typeable(key):
        return text
    return (text + (key.lower() if lower else key))[:max_length]
