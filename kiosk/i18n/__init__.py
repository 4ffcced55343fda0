"""The two languages: locale choice, bilingual fields, and locale-aware formatting."""

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from flask import Flask, current_app, session
from flask_babel import get_locale

from kiosk.extensions import babel
from kiosk.i18n import mongolian
from kiosk.models.base import BEIJING

CHINESE = "zh_Hans_CN"
MONGOLIAN = "mn_Mong_CN"
#: Each language's name written in itself, for the language switch.
LOCALE_NAMES = {CHINESE: "中文", MONGOLIAN: "ᠮᠣᠩᠭᠣᠯ"}
#: BCP 47 tags for the `lang` attribute (fonts and hyphenation follow it).
HTML_LANG = {CHINESE: "zh-Hans", MONGOLIAN: "mn-Mong"}


def select_locale() -> str:
    locale = session.get("locale")
    return str(locale) if locale in current_app.config["LOCALES"] else CHINESE


def current_locale() -> str:
    return str(get_locale())


def is_mongolian() -> bool:
    return current_locale() == MONGOLIAN


def localized(record: object, field: str) -> str:
    """The record's `<field>_mn` on Mongolian screens when it has one, else `<field>_zh`."""
    if is_mongolian():
        value = getattr(record, f"{field}_mn", "")
        if value:
            return value
    return getattr(record, f"{field}_zh")


def _beijing_date(value: date | datetime) -> date:
    """Stored times are UTC; a seeker reads the date in Beijing time (a 07:00 posting is
    still "today" although it is yesterday in UTC)."""
    return value.astimezone(BEIJING).date() if isinstance(value, datetime) else value


def format_date(value: date | datetime) -> str:
    value = _beijing_date(value)
    if is_mongolian():
        return mongolian.format_date(value)
    return babel_format_date(value, format="long", locale=CHINESE)


def format_number(value: int) -> str:
    """Amounts and counts: Chinese job notices write "4500", not "4,500"; Mongolian likewise
    (see mongolian.format_number)."""
    return mongolian.format_number(value) if is_mongolian() else str(value)


def format_month_day(value: date | datetime) -> str:
    """A short date for lists, where the year goes without saying."""
    value = _beijing_date(value)
    if is_mongolian():
        return mongolian.format_month_day(value)
    return f"{value.month}月{value.day}日"


def format_clock(value: datetime) -> str:
    """A time of day in Beijing, "09:30" (the same in both languages)."""
    return value.astimezone(BEIJING).strftime("%H:%M")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["local_date"] = format_date
    app.jinja_env.filters["local_month_day"] = format_month_day
    app.jinja_env.filters["local_number"] = format_number
    app.jinja_env.filters["local_clock"] = format_clock

    @app.context_processor
    def language_context() -> dict:
        locale = current_locale()
        return {
            "locale": locale,
            "html_lang": HTML_LANG[locale],
            "vertical": locale == MONGOLIAN,
            "locale_names": LOCALE_NAMES,
        }
