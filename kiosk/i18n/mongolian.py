"""Traditional Mongolian text: folding for search, input checks, and dates CLDR cannot give.

CLDR (and so Babel) has no usable date data for mn_Mong_CN: months come out as "M11".
The forms below follow Inner Mongolia government notices (see DOMAIN.md); they are listed in
translations/glossary-mn.csv for a native reviewer.
"""

from datetime import date

from kiosk.domain.text import has_private_use  # noqa: F401  (the one text rule keeps it)

NNBSP = "\u202f"  # narrow no-break space: goes before a case suffix
MVS = "\u180e"  # Mongolian vowel separator: before a detached final a/e

#: Free variation selectors, the vowel separator and joiners: they change shape, not meaning.
_INVISIBLE = dict.fromkeys(map(ord, "\u180b\u180c\u180d\u180f\u180e\u200c\u200d"))
#: Letters that look alike and are mixed in real text (o/u, ö/ü, and the t/d coding variants).
_LOOKALIKES = str.maketrans({"\u1823": "\u1824", "\u1825": "\u1826", "\u1832": "\u1833"})


def fold(text: str) -> str:
    """The form used to compare Mongolian words: no shaping controls, look-alikes merged.

    A suffix after NNBSP becomes a word of its own (the search index also keeps the word
    with the suffix attached, so either way of typing it finds).
    """
    return text.translate(_INVISIBLE).translate(_LOOKALIKES).replace(NNBSP, " ")


def format_number(value: int) -> str:
    """A number as Inner Mongolia's Mongolian-script notices write it: ASCII digits, no
    grouping (CLDR's mn_Mong data would group by the root rules; review with a native reader).
    In vertical text the browser turns them sideways, as printed Mongolian does."""
    return str(value)


# Ordinal suffix after a month number, by the vowel harmony of the last numeral word:
# 1 nige, 4 dörben, 9 yisün (and 11 = arban nige) are front-vowel words.
_FRONT_VOWEL_MONTHS = {1, 4, 9, 11}
_ORDINAL_FRONT = "ᠳ᠋ᠦ᠋ᠭᠡᠷ"
_ORDINAL_BACK = "ᠳ᠋ᠤᠭᠠᠷ"


def month_ordinal(month: int) -> str:
    return _ORDINAL_FRONT if month in _FRONT_VOWEL_MONTHS else _ORDINAL_BACK


def format_date(value: date) -> str:
    """A date as Inner Mongolia government notices write it, e.g. 2023 ᠣᠨ ᠤ 5 ᠳ᠋ᠤᠭᠠᠷ ᠰᠠᠷ᠎ᠠ …"""
    return (
        f"{value.year} ᠣᠨ{NNBSP}ᠤ {value.month} {month_ordinal(value.month)} "
        f"ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ {value.day}{NNBSP}ᠤ ᠡᠳᠦᠷ"
    )


def format_month_day(value: date) -> str:
    """Month and day without the year, as bilingual news items write them."""
    return f"{value.month} ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ {value.day}{NNBSP}ᠤ ᠡᠳᠦᠷ"
