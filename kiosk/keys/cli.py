import click

from kiosk.keys.pinyin import TABLE, write_table


@click.group("keys")
def keys() -> None:
    """The on-screen keys' data."""


@keys.command("pinyin-table")
def pinyin_table() -> None:
    """Rebuild kiosk/data/pinyin_candidates.csv from pypinyin and the name characters."""
    write_table()
    click.echo(f"wrote {TABLE}")
