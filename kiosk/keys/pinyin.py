"""Chinese characters for pinyin letters typed on the on-screen keys, from pypinyin's own
dictionary (offline, nothing to download): surnames and name characters first
(kiosk/data/name_characters.csv, most common first), then the common characters of GB 2312's
first level in its order, then the rest.

Building that order takes about a second, so it is built once (`kiosk keys pinyin-table`)
into kiosk/data/pinyin_candidates.csv, which a station reads in milliseconds;
tests/test_keys.py checks the file is what the build makes today.

Letters are toneless and "v" stands for ü, as on every pinyin input (lv → 吕).
"""

import csv
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import PACKAGE

NAME_CHARACTERS = PACKAGE / "data" / "name_characters.csv"
TABLE = PACKAGE / "data" / "pinyin_candidates.csv"
#: Longest pinyin syllable (zhuang, shuang, chuang).
LONGEST = 6


@dataclass(frozen=True)
class Candidates:
    #: The letters the characters stand for: the first syllable of what was typed.
    syllable: str
    characters: tuple[str, ...]


def _toneless(reading: str) -> str:
    """ "lǘ" → "lv": the tone marks go, ü is written v."""
    letters = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in letters if not unicodedata.combining(c))


def _rank(character: str, primary: bool, first: dict[str, int]) -> tuple[int, bool, int]:
    if primary and character in first:  # 邓 is read shàn too, but no one named 邓 is
        return (0, False, first[character])
    try:
        code = character.encode("gb2312")
    except UnicodeEncodeError:
        return (3, not primary, ord(character))
    # GB 2312 level 1 (the 3,755 common characters, rows 16–55) before level 2; within each,
    # the characters read this way first before those for which it is a rarer reading.
    return (1 if code[0] < 0xD8 else 2, not primary, int.from_bytes(code))


def build_table() -> dict[str, str]:
    """Toneless syllable → its characters, best first; CJK Unified Ideographs only (what a
    name on an ID card is written in)."""
    from pypinyin.pinyin_dict import pinyin_dict  # 40,000 entries: only when building

    first: dict[str, int] = {}
    with NAME_CHARACTERS.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            for character in row["characters"]:
                first.setdefault(character, len(first))
    ranked: dict[str, list[tuple[tuple[int, bool, int], str]]] = {}
    for code, readings in pinyin_dict.items():
        if not (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF):
            continue
        character = chr(code)
        seen = set()
        for n, reading in enumerate(readings.split(",")):
            syllable = _toneless(reading)
            if syllable not in seen:
                seen.add(syllable)
                ranked.setdefault(syllable, []).append((_rank(character, n == 0, first), character))
    return {
        syllable: "".join(c for _, c in sorted(found)) for syllable, found in sorted(ranked.items())
    }


def write_table(path: Path = TABLE) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(("syllable", "characters"))
        writer.writerows(build_table().items())


@functools.cache
def _table() -> dict[str, tuple[str, ...]]:
    with TABLE.open(encoding="utf-8", newline="") as file:
        return {row["syllable"]: tuple(row["characters"]) for row in csv.DictReader(file)}


def candidates(letters: str) -> Candidates:
    """Characters for the first syllable of `letters` (the longest that is one: "xian" is
    先, not 西安); none when the letters start no syllable."""
    letters = letters.strip().lower().replace("ü", "v")[: LONGEST * 8]
    table = _table()
    for end in range(min(LONGEST, len(letters)), 0, -1):
        if letters[:end] in table:
            return Candidates(letters[:end], table[letters[:end]])
    return Candidates("", ())
