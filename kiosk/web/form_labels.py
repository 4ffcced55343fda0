"""The messages every form shares, written once: `labels.forms.PROBLEMS[…]` in templates.

A feature passes its own table for its own codes (and for a shared code it words its own
way, such as a limit it names); everything else falls back to the shared words here.
"""

import enum
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import FieldProblem, Problem

PROBLEMS: dict[enum.Enum, Any] = {
    Problem.required: _l("Please fill this in."),
    Problem.too_long: _l("This is too long."),
    Problem.markup: _l("Please leave out < and >."),
    Problem.control_characters: _l(
        "This text holds invisible control characters. Please type it again."
    ),
    Problem.bidi_controls: _l(
        "This text holds characters that turn the writing direction. Please type it again."
    ),
    Problem.private_use: _l(
        "This text comes from an old Mongolian keyboard. Please type it with a Unicode one."
    ),
    Problem.unknown_choice: _l("Please choose from the list."),
    Problem.not_a_number: _l("Please write a whole number."),
    Problem.not_a_date: _l("Please write the date as 2026-12-31."),
    Problem.not_a_time: _l("Enter a time such as 08:30."),
}


def message(problem: FieldProblem | enum.Enum, own: Mapping[Any, object] = {}) -> str:
    """What is wrong, in the reader's language: the feature's words, else the shared ones."""
    code = problem.problem if isinstance(problem, FieldProblem) else problem
    words = own.get(code) or PROBLEMS.get(code)
    return str(words) if words is not None else str(code.value)


def messages(
    problems: Mapping[str, FieldProblem], own: Mapping[Any, object] = {}
) -> dict[str, str]:
    """A message for each field, to show beside it."""
    return {name: message(problem, own) for name, problem in problems.items()}
