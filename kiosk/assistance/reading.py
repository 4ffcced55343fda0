"""Reading a form dataclass of this feature from a request (the desk's and the public's)."""

import dataclasses
from typing import TypeVar

from werkzeug.datastructures import MultiDict

F = TypeVar("F")


def read_form(cls: type[F], form: MultiDict[str, str], **given: object) -> F:
    """A form dataclass filled from the request: each field by its name (all its values for
    a Sequence field), except those `given`."""
    values: dict[str, object] = {}
    for spec in dataclasses.fields(cls):  # type: ignore[arg-type]
        if spec.name in given:
            values[spec.name] = given[spec.name]
        elif "Sequence" in str(spec.type):
            values[spec.name] = form.getlist(spec.name)
        else:
            values[spec.name] = form.get(spec.name, "")
    return cls(**values)
