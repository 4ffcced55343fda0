"""`kiosk translate …`: keep the catalogs in step with the code (wraps pybabel)."""

import subprocess
import sys

import click

from kiosk.paths import CHECKOUT, ROOT, TRANSLATIONS

TEMPLATE = TRANSLATIONS / "messages.pot"
#: pybabel's extract, from the checkout (see babel.cfg for why the macros are named apart).
EXTRACT = ["extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext"]
SOURCES = [".", "templates/_macros"]


def _pybabel(*args: str) -> None:
    if not CHECKOUT:
        raise click.ClickException("needs a checkout: an installed wheel has no sources")
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    subprocess.run(command, check=True, cwd=ROOT)


@click.group("translate")
def translate() -> None:
    """Extract, update and compile the message catalogs."""


@translate.command()
def update() -> None:
    """Extract messages from code and templates and merge them into every catalog."""
    _pybabel(
        *EXTRACT, "--no-location", "--omit-header", "--sort-output", "-o", str(TEMPLATE), *SOURCES
    )
    _pybabel(
        "update", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS),
        "--no-fuzzy-matching", "--ignore-obsolete", "--width", "100",
    )  # fmt: skip


@translate.command()
def compile() -> None:
    """Compile the catalogs to the .mo files the app reads."""
    if not CHECKOUT:
        click.echo("nothing to do: the wheel's catalogs were compiled when it was built")
        return
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
