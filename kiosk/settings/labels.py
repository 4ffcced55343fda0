"""Words for the station settings pages: what is wrong with a field, and what just happened."""

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import FieldProblem
from kiosk.i18n import localized
from kiosk.models import ServiceItem
from kiosk.settings import printer
from kiosk.settings.hours import HoursProblem
from kiosk.settings.services import CapacityChange, ServiceProblem
from kiosk.web.form_labels import messages

#: A service's own problems (the shared ones: kiosk/web/form_labels.py).
SERVICE_PROBLEMS = {
    ServiceProblem.mongolian_script: _l("Use Mongolian letters only."),
    ServiceProblem.letter: _l("One Latin capital letter, not I or O."),
    ServiceProblem.number: _l("A whole number from 0 to 9999."),
    ServiceProblem.capacity: _l("A whole number from 1 to 20."),
    ServiceProblem.code: _l("Small Latin letters, digits and _, starting with a letter."),
    ServiceProblem.code_taken: _l("Another service of this station has this code."),
    ServiceProblem.letter_taken: _l("This letter is already used by: %(service)s"),
    ServiceProblem.stale: _l(
        "Someone saved this service after you opened it. This is how it is now: "
        "please make your change again."
    ),
}

HOURS_PROBLEMS = {
    HoursProblem.no_days: _l("Choose at least one day."),
    HoursProblem.order: _l("The closing time must be after the opening time."),
}

ADDRESS_PROBLEMS = {
    printer.AddressProblem.scheme: _l("Start with tcp://, usb://, cups:// or file://."),
    printer.AddressProblem.host: _l(
        "Write a network printer as tcp://host:port, e.g. tcp://192.168.1.50:9100."
    ),
    printer.AddressProblem.port: _l("The port is a number from 1 to 65535."),
    printer.AddressProblem.usb: _l(
        "Write a USB printer as usb://vendor:product in hex, e.g. usb://04b8:0e15."
    ),
    printer.AddressProblem.cups: _l("Write a CUPS queue as cups://name."),
    printer.AddressProblem.path: _l(
        "Only a printer device can be a file address: file:///dev/usb/lp0, /dev/lp…, or a"
        " serial port /dev/ttyS…, /dev/ttyUSB…, /dev/ttyACM…."
    ),
    printer.AddressProblem.too_long: _l("This is too long."),
}
CHOOSE_FROM_LIST = _l("Please choose from the list.")

PRINT_FAILURES = {
    printer.PrintFailure.no_printer: _l("No printer is set."),
    printer.PrintFailure.refused: _l(
        "The printer refused the connection. Is it switched on, and is the port right?"
    ),
    printer.PrintFailure.timeout: _l("The printer did not answer in time (timeout)."),
    printer.PrintFailure.unknown_host: _l("No computer on the network has this name."),
    printer.PrintFailure.unreachable: _l("The network cannot reach the printer."),
    printer.PrintFailure.no_device: _l("The printer device was not found."),
    printer.PrintFailure.no_permission: _l("This box may not write to the printer device."),
    printer.PrintFailure.other: _l("The printer reported an error."),
}

HOURS_SAVED = _l("The opening days and hours are saved.")
PRINTER_SAVED = _l("The printer is saved.")
SAMPLE_PRINTED = _l(
    "The test slip went to the printer. Check that both scripts and the code are clear."
)

PAPER = {576: _l("80 mm (576 dots)"), 384: _l("58 mm (384 dots)")}


def letter_taken(owner: ServiceItem | None) -> str:
    name = localized(owner, "name") if owner is not None else ""
    return str(SERVICE_PROBLEMS[ServiceProblem.letter_taken]) % {"service": name}


def service_problems(problems: Mapping[str, FieldProblem]) -> dict[str, str]:
    """A message for each field, beside it on the form."""
    said = messages(problems, SERVICE_PROBLEMS)
    for name, problem in problems.items():
        if problem.problem == ServiceProblem.letter_taken:
            said[name] = letter_taken(problem.detail)
    return said


def saved_service(service: ServiceItem) -> str:
    return _("Saved: %(service)s", service=localized(service, "name"))


def added_service(service: ServiceItem) -> str:
    return _("Added: %(service)s", service=localized(service, "name"))


def capacity_changed(change: CapacityChange) -> list[str]:
    """What a new number of seats did to the times already made (only what there is to say)."""
    lines = []
    if change.changed:
        lines.append(
            _("Future times given the new number of seats: %(count)s", count=change.changed)
        )
    if change.kept:
        lines.append(
            _(
                "Future times that keep their seats because more people have booked them: "
                "%(count)s",
                count=change.kept,
            )
        )
    return lines


def sample_not_printed(failure: printer.PrintFailure) -> str:
    return _("The test slip did not print. %(reason)s", reason=PRINT_FAILURES[failure])
