"""The frame keeps its shape: every module imports alone, and each role mounts only its own
features (a station serves no hub endpoint, a hub no kiosk screen)."""

import subprocess
import sys
from pathlib import Path

import pytest
from station_app import make_app

import kiosk
from kiosk.roles import FEATURES, Role

PACKAGE = Path(kiosk.__file__).parent
MODULES = sorted(
    ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
    if "migrations" not in path.parts
)


#: What kiosk modules import from outside: loaded once before the children fork.
LIBRARIES = (
    "alembic", "argon2", "babel.dates", "click", "cryptography.hazmat.primitives.ciphers.aead",
    "escpos.printer", "flask", "flask_babel", "flask_htmx", "flask_limiter", "flask_login",
    "flask_migrate", "flask_sqlalchemy", "flask_wtf", "fontTools.ttLib", "openpyxl", "PIL.Image",
    "pypinyin", "qrcode", "requests", "sqlalchemy.orm", "stdnum.cn.ric", "uuid6",
)  # fmt: skip
#: Run in a fresh interpreter: the libraries are imported once, then each kiosk module is
#: imported in a child forked before any kiosk module was loaded, so it imports alone.
IMPORT_EACH = """
import os, sys
import importlib
for library in sys.argv[1].split(","):
    importlib.import_module(library)
failed = []
for name in sys.argv[2:]:
    pid = os.fork()
    if pid == 0:
        try:
            __import__(name)
        except BaseException as error:
            print(f"{name}: {type(error).__name__}: {error}", flush=True)
            os._exit(1)
        os._exit(0)
    os.waitpid(pid, 0)
"""


def test_every_module_imports_alone_in_a_fresh_interpreter():
    # An import that works only after another module ran first (a circular import the app's
    # start-up order happens to hide) fails here.
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, ",".join(LIBRARIES), *MODULES],
        capture_output=True,
        text=True,
        timeout=900,  # ~230 children; a loaded two-core box needs minutes
    )
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr
    assert len(MODULES) > 80  # the walk found the package


def routes(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()}


@pytest.fixture
def both(tmp_path):
    station = make_app(tmp_path / "station.sqlite")
    hub = make_app(tmp_path / "hub.sqlite", ROLE="hub")
    return station, hub


def test_a_station_mounts_no_hub_route_and_a_hub_no_kiosk_route(both):
    station, hub = both
    hub_only = {
        "/sync/push",
        "/sync/changes",
        "/sync/hello",
        "/staff/sync/set-aside/<uuid:record_id>/retry",
        "/staff/assistance/outlets/<code>",
    }
    kiosk_only = {
        "/register/",
        "/appointments/",
        "/queue/",
        "/s/<token>",
        "/staff/queue",
        "/lobby",
        "/staff/seekers/",
        "/staff/visits/new",
        "/staff/settings/",
        "/staff/statistics/",
        "/staff/sync/now",
        "/jobs/<job_id>/print",
        "/help-at-home/",
        "/staff/assistance/tasks",
    }
    assert not hub_only & routes(station)
    assert not kiosk_only & routes(hub)
    assert hub_only <= routes(hub) and kiosk_only <= routes(station)
    # Both serve the public job pages and the console's accounts.
    for shared in ("/", "/jobs", "/jobs/<job_id>", "/staff/login", "/staff/accounts", "/healthz"):
        assert shared in routes(station) and shared in routes(hub)


def test_the_pages_both_roles_serve_open_on_each(both):
    """A shared page links only to what its box serves (`mounted`): the hub's start page
    offers no registration, booking or numbers, and opens."""
    for app in both:
        with app.app_context():
            for path in ("/", "/jobs", "/areas", "/staff/login"):
                page = app.test_client().get(path)
                assert page.status_code == 200, (app.config["ROLE"], path)
    with both[1].app_context():
        start = both[1].test_client().get("/").get_data(as_text=True)
    assert "/register" not in start and "/appointments" not in start


def test_each_role_has_its_own_commands(both):
    station, hub = both
    assert {"sync", "backup", "create-staff"} <= set(station.cli.commands)
    assert {"hub", "create-staff"} <= set(hub.cli.commands)
    # The other side's command only says where it runs.
    refused = hub.test_cli_runner().invoke(args=["sync"])
    assert refused.exit_code != 0 and "stations sync with it" in refused.output


def test_an_unknown_role_refuses_to_start_and_says_the_choices(tmp_path):
    with pytest.raises(ValueError, match="KIOSK_ROLE must be station or hub, not 'county'"):
        make_app(tmp_path / "x.sqlite", ROLE="county")


def test_every_feature_package_installs_itself():
    import importlib

    for role in Role:
        for name in FEATURES[role]:
            assert callable(importlib.import_module(name).install), name
