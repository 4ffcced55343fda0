"""The county steers its outlets (hub): indicators by outlet, banner and prefecture, targets,
the report the bureau forwards, the figures sent back to each station, and the directory."""

from flask import Flask


def install(app: Flask) -> None:
    pass
