"""`kiosk assistance …`: the pre-check for the county's own checks and ours."""

import json
from pathlib import Path

import click

from kiosk.assistance.precheck import LANGUAGES, PrecheckRefused, precheck


@click.group("assistance")
def assistance() -> None:
    """Precise assistance for persons with employment difficulties."""


@assistance.command("precheck")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="zh_Hans_CN",
              help="Language of the reasons and proof names (codes stay English).")  # fmt: skip
def precheck_command(file: Path, lang: str) -> None:
    """Print the likely difficulty categories of the profile in FILE as JSON.

    FILE holds one object with every fact the rules file declares (as_of, sex, birth_date, …;
    see kiosk/data/rules/difficulty-nm-2020.json) and optionally proofs_in_hand (proof codes).
    Output: {"rules_version", "categories": [{"category", "code", "name", "reasons",
    "missing_proofs"}], "missing_conditions": [{"code", "text", "categories"}]}. A likely
    category is not a determination. A bad profile: the problems on stderr, exit code 2.
    """
    try:
        profile = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        _refuse([f"{file.name}: not a JSON file: {error}"])
    try:
        result = precheck(profile, lang)
    except PrecheckRefused as refused:
        _refuse(refused.problems)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def _refuse(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    raise SystemExit(2)
