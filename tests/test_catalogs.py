"""Both catalogs stay complete: every message the code uses is translated, none fuzzy."""

import contextlib
import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from kiosk.config import ROOT
from kiosk.i18n.cli import EXTRACT, SOURCES
from kiosk.i18n.mongolian import has_private_use

LOCALES = ("zh_Hans_CN", "mn_Mong_CN")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(locale: str):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def forms(value: str | tuple) -> tuple:
    """A message's ids or strings as a tuple, whether it has plural forms or not."""
    return value if isinstance(value, tuple) else (value,)


def messages_in_code(tmp_path: Path) -> set[str]:
    """Extract afresh from code and templates, so a new string without translation fails."""
    pot = tmp_path / "fresh.pot"
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(["pybabel", "-q", *EXTRACT, "-o", str(pot), *SOURCES])
    with pot.open("rb") as f:
        messages = {forms(m.id)[0] for m in read_po(f) if m.id}
    # Sanity: a broken extraction finding nothing would make the test below pass vacuously.
    assert {"Find a job", "Delete", "Book an appointment"} <= messages
    return messages


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_in_the_code_is_in_the_catalog(locale, tmp_path):
    known = {forms(m.id)[0] for m in catalog(locale) if m.id}
    missing = messages_in_code(tmp_path) - known
    assert not missing, f"run `kiosk translate update` and translate: {sorted(missing)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_is_translated_and_none_is_fuzzy(locale):
    for message in catalog(locale):
        if not message.id:
            continue
        assert all(forms(message.string)), f"untranslated in {locale}: {message.id!r}"
        assert not message.fuzzy, f"fuzzy in {locale}: {message.id!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match(locale):
    for message in catalog(locale):
        if not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(forms(message.id)[-1]))
        for string in forms(message.string):
            assert set(PLACEHOLDER.findall(string)) == wanted, f"{locale}: {message.id!r}"


def test_mongolian_catalog_is_unicode_mongolian_script():
    for message in catalog("mn_Mong_CN"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert not has_private_use(string), message.id
            assert "text-orientation" not in string
            if re.search(
                "[A-Za-z]{3}",
                PLACEHOLDER.sub("", message.id if isinstance(message.id, str) else message.id[0]),
            ):
                assert re.search("[\u1820-\u18aa]", string), f"not Mongolian: {message.id!r}"
