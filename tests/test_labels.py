"""Every enum value a person sees has words in both languages: each enum of the models and
each problem code of the forms layer is covered by a labels table of a mounted feature, and
every one of those words is translated in both catalogs."""

import enum
import inspect

import pytest
from babel.messages.pofile import read_po

import kiosk.models
from kiosk.appointments.booking import BookingProblem
from kiosk.config import ROOT
from kiosk.desk.queue import CheckInProblem
from kiosk.domain.forms import Problem
from kiosk.job_admin.editing import JobProblem
from kiosk.job_admin.importing import ImportProblem
from kiosk.records.service import RecordProblem
from kiosk.registration.handoff import HandOffProblem
from kiosk.registration.service import RegistrationProblem
from kiosk.seekers.find import LookupProblem
from kiosk.settings.hours import HoursProblem
from kiosk.settings.services import ServiceProblem
from kiosk.staff.accounts import AccountIssue
from kiosk.web.labels import enum_label_maps

#: Enums of the models nobody reads as words: kept for the code, never shown.
INTERNAL = {
    kiosk.models.RegionLevel,  # a region is shown by its name, never by its level
    kiosk.models.StationKind,  # the outlet register shows the station's name
    kiosk.models.SlipKind,  # a slip's title says what it is
    kiosk.models.PrintStatus,  # the desk shows "printed" / "reprint", not the state
    kiosk.models.JobStatus,  # shown through job_state(), which also knows "expired"
    kiosk.models.Gender,  # read from the ID number, never displayed
}

#: The problem codes of the forms layer: the shared ones and each feature's own.
FORM_PROBLEMS = (
    Problem,
    RegistrationProblem,
    HandOffProblem,
    RecordProblem,
    JobProblem,
    ImportProblem,
    ServiceProblem,
    HoursProblem,
    AccountIssue,
    BookingProblem,
    CheckInProblem,
    LookupProblem,
)

LOCALES = ("zh_Hans_CN", "mn_Mong_CN")


def model_enums() -> list[type[enum.Enum]]:
    return [
        value
        for value in vars(kiosk.models).values()
        if inspect.isclass(value)
        and issubclass(value, enum.Enum)
        and value.__module__.startswith("kiosk.models")
    ]


@pytest.fixture
def maps(app) -> list[tuple[str, dict]]:
    return list(enum_label_maps(app))


@pytest.mark.parametrize("kind", sorted({*model_enums(), *FORM_PROBLEMS} - INTERNAL, key=str))
def test_every_member_shown_to_people_has_words(maps, kind):
    covering = [name for name, table in maps if set(kind) <= set(table)]
    assert covering, f"no labels table covers every member of {kind.__name__}"


def test_the_internal_list_names_only_enums_of_the_models():
    assert set(model_enums()) >= INTERNAL


@pytest.mark.parametrize("locale", LOCALES)
def test_every_label_is_translated(app, maps, locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=locale)
    untranslated = []
    for name, table in maps:
        for member, words in table.items():
            message_id = getattr(words, "_args", (None,))[0]
            assert isinstance(message_id, str), f"{name}[{member}] is not a lazy string"
            found = catalog.get(message_id)
            if found is None or not found.string or found.fuzzy:
                untranslated.append(f"{name}[{member}]: {message_id}")
    assert not untranslated
