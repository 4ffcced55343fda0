"""One namespace for the words templates show: `labels.<feature>.<NAME>`.

Each feature keeps its words in its own `labels` module and adds it here when it is mounted,
so a template reads `labels.jobs.pay_range(job)` or `labels.desk.STATUSES[…]` wherever it is.
"""

import enum
from collections.abc import Iterator, Mapping
from types import ModuleType, SimpleNamespace

from flask import Flask

_KEY = "kiosk.labels"


def add_labels(app: Flask, name: str, module: ModuleType) -> None:
    namespace = app.extensions.setdefault(_KEY, SimpleNamespace())
    setattr(namespace, name, module)
    app.jinja_env.globals["labels"] = namespace


def enum_label_maps(app: Flask) -> Iterator[tuple[str, Mapping]]:
    """Every `{EnumMember: words}` table of the mounted features (for the catalog tests)."""
    for feature, module in vars(app.extensions.get(_KEY, SimpleNamespace())).items():
        for name, value in vars(module).items():
            if (
                isinstance(value, Mapping)
                and value
                and all(isinstance(key, enum.Enum) for key in value)
            ):
                yield f"{feature}.{name}", value
