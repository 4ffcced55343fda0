"""Running a box: backups and restores, upgrades that roll back, the systemd units, the
installer, and what /healthz tells an operator."""

import os
import re
import runpy
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
import requests
from station_app import make_app

from kiosk.config import ROOT
from kiosk.ops.backup import backups_in

BROKEN_MIGRATION = '''"""a migration that breaks halfway"""
from alembic import op
import sqlalchemy as sa

revision = "0999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO local_state (key, value) VALUES ('upgraded', 'yes')")
    raise RuntimeError("the new code's migration is broken")


def downgrade():
    pass
'''


def rows(database: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        return connection.execute(sql).fetchall()


def write(database: Path, sql: str) -> None:
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute(sql)


def cli(database: Path, *args: str, **config):
    """Run a `kiosk` command over this database, as the units and deploy/ scripts do."""
    app = make_app(database, **config)
    result = app.test_cli_runner().invoke(args=list(args))
    from kiosk.extensions import db

    with app.app_context():
        db.engine.dispose()
    return result


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"


# --- backup and restore ---------------------------------------------------------------------


def test_a_backup_opens_and_holds_the_rows(database, backups):
    jobs = rows(database, "SELECT count(*) FROM job")[0][0]
    result = cli(database, "backup", BACKUP_DIR=str(backups))
    assert result.exit_code == 0, result.output
    [made] = backups_in(backups)
    assert f"backup written: {made}" in result.output
    assert rows(made, "SELECT count(*) FROM job") == [(jobs,)] and jobs > 0
    assert rows(made, "PRAGMA integrity_check") == [("ok",)]
    assert made.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in backups.iterdir()) == [made.name]  # no drafts, no -wal


def test_a_backup_is_taken_while_a_writer_holds_the_database(database, backups):
    with closing(sqlite3.connect(database)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO local_state (key, value) VALUES ('unsaved', 'x')")
        result = cli(database, "backup", BACKUP_DIR=str(backups))
        writer.rollback()
    assert result.exit_code == 0, result.output
    [made] = backups_in(backups)
    assert rows(made, "SELECT value FROM local_state WHERE key = 'unsaved'") == []


def test_rotation_keeps_the_newest_n(database, backups):
    for n in range(5):
        write(database, f"INSERT INTO local_state (key, value) VALUES ('round{n}', '{n}')")
        assert cli(database, "backup", BACKUP_DIR=str(backups), BACKUP_KEEP=3).exit_code == 0
    kept = backups_in(backups)
    assert len(kept) == 3
    # The newest holds the last round; the oldest kept holds round 2, not rounds 0 or 1 only.
    assert rows(kept[-1], "SELECT value FROM local_state WHERE key = 'round4'") == [("4",)]
    assert rows(kept[0], "SELECT value FROM local_state WHERE key = 'round3'") == []
    assert rows(kept[0], "SELECT value FROM local_state WHERE key = 'round2'") == [("2",)]


def test_a_usb_copy_is_made_when_the_stick_is_there_and_skipped_when_not(
    database, backups, tmp_path
):
    stick = tmp_path / "media" / "kiosk-usb" / "kiosk-backups"
    result = cli(database, "backup", BACKUP_DIR=str(backups), BACKUP_EXTRA_DIR=str(stick))
    assert result.exit_code == 0, result.output
    assert "backup copy skipped" in result.output and not stick.exists()

    stick.mkdir(parents=True)
    result = cli(database, "backup", BACKUP_DIR=str(backups), BACKUP_EXTRA_DIR=str(stick))
    assert result.exit_code == 0, result.output
    [copied] = backups_in(stick)
    assert copied.name == backups_in(backups)[-1].name
    assert rows(copied, "PRAGMA integrity_check") == [("ok",)]


def test_restore_brings_back_the_backup_and_saves_what_it_replaces(database, backups):
    write(database, "INSERT INTO local_state (key, value) VALUES ('before', 'kept')")
    assert cli(database, "backup", BACKUP_DIR=str(backups)).exit_code == 0
    [made] = backups_in(backups)
    write(database, "DELETE FROM local_state WHERE key = 'before'")
    write(database, "INSERT INTO local_state (key, value) VALUES ('after', 'later')")

    result = cli(database, "restore", str(made), BACKUP_DIR=str(backups))
    assert result.exit_code == 0, result.output
    assert rows(database, "SELECT value FROM local_state WHERE key = 'before'") == [("kept",)]
    assert rows(database, "SELECT value FROM local_state WHERE key = 'after'") == []
    # What was replaced is not lost: it is the newest backup now.
    saved = backups_in(backups)[-1]
    assert saved != made and f"saved in {saved}" in result.output
    assert rows(saved, "SELECT value FROM local_state WHERE key = 'after'") == [("later",)]


def test_restore_refuses_a_corrupted_backup_and_leaves_the_database(database, backups, tmp_path):
    assert cli(database, "backup", BACKUP_DIR=str(backups)).exit_code == 0
    [made] = backups_in(backups)
    broken = tmp_path / "broken.sqlite"
    data = bytearray(made.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)  # scribble over pages in the middle
    broken.write_bytes(bytes(data))
    jobs = rows(database, "SELECT count(*) FROM job")

    for bad in (broken, tmp_path / "missing.sqlite", ROOT / "README.md"):
        result = cli(database, "restore", str(bad), BACKUP_DIR=str(backups))
        assert result.exit_code != 0
        assert "refusing to restore" in result.output, result.output
    assert rows(database, "SELECT count(*) FROM job") == jobs
    assert backups_in(backups) == [made]  # refused before anything was touched


# --- upgrades -------------------------------------------------------------------------------


def test_an_upgrade_at_the_current_schema_backs_up_and_succeeds(database, backups):
    result = cli(database, "upgrade", BACKUP_DIR=str(backups))
    assert result.exit_code == 0, result.output
    assert "database upgraded" in result.output
    assert len(backups_in(backups)) == 1


def test_a_failed_migration_rolls_the_database_back(database, backups, tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(ROOT / "kiosk" / "migrations", migrations)
    head = rows(database, "SELECT version_num FROM alembic_version")[0][0]
    (migrations / "versions" / "0999_broken.py").write_text(BROKEN_MIGRATION.format(head=head))
    write(database, "INSERT INTO local_state (key, value) VALUES ('written', 'before upgrade')")
    seekers = rows(database, "SELECT count(*) FROM seeker")

    result = cli(database, "upgrade", "--directory", str(migrations), BACKUP_DIR=str(backups))
    assert result.exit_code == 1
    assert "migration failed" in result.output and "database restored" in result.output
    assert rows(database, "SELECT version_num FROM alembic_version") == [(head,)]
    assert rows(database, "SELECT value FROM local_state WHERE key = 'written'") == [
        ("before upgrade",)
    ]
    assert rows(database, "SELECT value FROM local_state WHERE key = 'upgraded'") == []
    assert rows(database, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []
    assert rows(database, "SELECT count(*) FROM seeker") == seekers
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]


# --- the installer and the systemd units ----------------------------------------------------

INSTALL = ROOT / "deploy" / "install.sh"
VENV = Path(sys.executable).parent.parent


def install(root: Path, *args: str) -> str:
    """deploy/install.sh into a scratch root, with the test venv as the box's virtualenv."""
    result = subprocess.run(
        ["sh", str(INSTALL), "--root", str(root), "--venv", str(VENV), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def verify(units: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def station_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("station-root")
    return root, install(root, "--station-code", "NM-0102")


@pytest.fixture(scope="module")
def hub_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hub-root")
    return root, install(root, "--role", "hub")


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
@pytest.mark.skipif(
    not (shutil.which("cage") and shutil.which("chromium")),
    reason="the browser unit runs Debian's cage and chromium (apt-get install cage chromium)",
)
def test_every_installed_unit_verifies(station_root, hub_root):
    # The browser unit runs Debian's /usr/bin/cage and /usr/bin/chromium: installed on this
    # test box (apt-get install cage chromium), so verify checks the real binaries are there.
    units = [
        path
        for root, _ in (station_root, hub_root)
        for path in sorted((root / "etc/systemd/system").iterdir())
    ]
    assert sorted(p.name for p in units) == [
        "kiosk-backup.service",
        "kiosk-backup.timer",
        "kiosk-browser.service",
        "kiosk-hub-backup.service",
        "kiosk-hub-backup.timer",
        "kiosk-hub.service",
        "kiosk-station.service",
        "kiosk-sync.service",
        "kiosk-sync.timer",
    ]
    for unit in units:
        text = unit.read_text()
        assert not re.search(r"@[A-Z]+@", text), f"unfilled template in {unit}"
        result = verify([unit, *unit.parent.iterdir()] if unit.suffix == ".timer" else [unit])
        assert result.returncode == 0 and result.stderr == "", f"{unit.name}: {result.stderr}"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_verify_catches_a_unit_whose_program_is_missing(station_root, tmp_path):
    root, _ = station_root
    unit = tmp_path / "kiosk-station.service"
    text = (root / "etc/systemd/system/kiosk-station.service").read_text()
    unit.write_text(text.replace(f"{VENV}/bin/gunicorn", "/nonexistent/gunicorn"))
    result = verify([unit])
    assert result.returncode != 0 and "/nonexistent/gunicorn" in result.stderr


def test_the_station_unit_is_hardened_and_the_browser_has_the_kiosk_flags(station_root):
    root, _ = station_root
    units = root / "etc/systemd/system"
    station = units.joinpath("kiosk-station.service").read_text()
    for line in (
        "User=kiosk",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/kiosk",
        "PrivateTmp=yes",
        "ProtectHome=yes",
        "MemoryDenyWriteExecute=yes",
        "SystemCallFilter=@system-service",
        "UMask=0077",
        "EnvironmentFile=/etc/kiosk/kiosk.env",
        f"ExecStartPre={VENV}/bin/kiosk db upgrade",
        f"ExecStart={VENV}/bin/gunicorn --config /opt/kiosk/app/gunicorn.conf.py",
    ):
        assert line in station, line
    browser = units.joinpath("kiosk-browser.service").read_text()
    for flag in (
        "--kiosk",
        "--incognito",
        "--noerrdialogs",
        "--no-first-run",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--disable-features=Translate,TranslateUI",
        "--disable-background-networking",
        "--disable-sync",
        "--disable-session-crashed-bubble",
        "--check-for-update-interval=31536000",
        "--password-store=basic",
    ):
        assert flag in browser, flag
    assert "healthz" in browser.split("ExecStartPre=")[1].splitlines()[0]
    timer = units.joinpath("kiosk-backup.timer").read_text()
    assert "Persistent=true" in timer and "OnCalendar=" in timer
    sync = units.joinpath("kiosk-sync.timer").read_text()
    assert "Persistent=true" in sync and "OnCalendar=*:0/5" in sync  # catches up after sleep
    # A fleet spread over the five minutes: each box its own fixed delay, under one period.
    assert "FixedRandomDelay=true" in sync
    [delay] = re.findall(r"^RandomizedDelaySec=(\d+)s$", sync, re.M)
    assert 120 <= int(delay) < 300
    assert f"ExecStart={VENV}/bin/kiosk sync" in units.joinpath("kiosk-sync.service").read_text()


def test_install_makes_a_private_config_with_fresh_secrets(station_root, tmp_path):
    root, output = station_root
    config = root / "var/lib/kiosk/config.py"
    assert config.stat().st_mode & 0o777 == 0o600
    assert (root / "var/lib/kiosk").stat().st_mode & 0o777 == 0o700
    settings = runpy.run_path(str(config))
    assert len(settings["SECRET_KEY"]) == 64
    assert set(settings["PERSONAL_DATA_KEYS"]) == {"sealing", "lookup"}
    env = (root / "etc/kiosk/kiosk.env").read_text()
    assert "KIOSK_STATION_CODE=NM-0102" in env and "KIOSK_INSTANCE_PATH=/var/lib/kiosk" in env
    assert settings["SECRET_KEY"] not in env  # the env file holds no secrets
    # Nothing touched the real system: it was only said.
    assert "would run: useradd" in output and "would run: systemctl enable --now" in output
    # The keys are not copied from this checkout's instance folder, nor left in the app copy.
    assert not (root / "opt/kiosk/app/instance").exists()

    other = tmp_path / "other"
    install(other)
    again = runpy.run_path(str(other / "var/lib/kiosk/config.py"))
    assert again["SECRET_KEY"] != settings["SECRET_KEY"]
    assert again["PERSONAL_DATA_KEYS"] != settings["PERSONAL_DATA_KEYS"]


def test_reinstalling_keeps_the_keys(tmp_path):
    install(tmp_path)
    config = tmp_path / "var/lib/kiosk/config.py"
    before = config.read_text()
    assert "keeping the existing /var/lib/kiosk/config.py" in install(tmp_path)
    assert config.read_text() == before


def test_the_hub_install_runs_the_hub_unit_only(hub_root):
    root, output = hub_root
    hub = (root / "etc/systemd/system/kiosk-hub.service").read_text()
    assert "Environment=KIOSK_ROLE=hub" in hub and "postgresql.service" in hub
    assert (
        "KIOSK_DATABASE_URL=postgresql+psycopg:///kiosk"
        in (root / "etc/kiosk/kiosk.env").read_text()
    )
    assert "would run: systemctl enable --now kiosk-hub.service kiosk-hub-backup.timer\n" in output
    backup = (root / "etc/systemd/system/kiosk-hub-backup.service").read_text()
    assert f"ExecStart={VENV}/bin/kiosk hub backup" in backup
    assert f"ExecStart={VENV}/bin/kiosk hub prune" in backup
    assert "Environment=KIOSK_ROLE=hub" in backup and "ReadWritePaths=/var/lib/kiosk" in backup
    timer = (root / "etc/systemd/system/kiosk-hub-backup.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer


def test_the_hub_install_puts_nginx_in_front(hub_root, tmp_path):
    root, output = hub_root
    site = (root / "etc/nginx/conf.d/kiosk-hub.conf").read_text()
    assert "@" not in site.replace("$", "")  # every placeholder filled
    assert "ssl_certificate /etc/kiosk/tls/hub.crt;" in site
    assert "ssl_certificate_key /etc/kiosk/tls/hub.key;" in site
    assert "server 127.0.0.1:8000;" in site and "client_max_body_size 2m;" in site
    assert "KIOSK_PROXY_HOPS=1" in (root / "etc/kiosk/kiosk.env").read_text()
    assert "would run: nginx -t\n" in output
    other = tmp_path / "other"
    install(other, "--role", "hub", "--tls-cert", "/etc/ssl/hub.pem", "--tls-key", "/k.key")
    site = (other / "etc/nginx/conf.d/kiosk-hub.conf").read_text()
    assert "ssl_certificate /etc/ssl/hub.pem;" in site and "ssl_certificate_key /k.key;" in site
    station = root.parent / "nginx-station"
    install(station)
    assert not (station / "etc/nginx").exists()  # a station has no front door


# --- MemoryDenyWriteExecute= ----------------------------------------------------------------

MDWE_CHECK = """
import ctypes, mmap, os, sys
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1
if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
    print("no-mdwe"); sys.exit(0)
try:  # the restriction holds: writable+executable memory is refused
    mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    print("not-enforced"); sys.exit(1)
except PermissionError:
    pass

from pathlib import Path
from kiosk.personal_data import vault_for
from kiosk.slips.raster import Fonts, SlipContent  # Pillow's C code
from kiosk.staff.accounts import HASHER
from station_app import make_app

app = make_app(Path(sys.argv[1]))
with app.app_context():
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/jobs", query_string={"q": "siji"}).status_code == 200
    assert client.get("/").status_code == 200
    vault = vault_for(app)
    assert vault.open(vault.seal("150102199003071234", context="id"), context="id")
    assert HASHER.verify(HASHER.hash("pw"), "pw")
from PIL import Image, ImageDraw
ImageDraw.Draw(Image.new("1", (576, 200))).text((0, 0), "ok")
print("ok")
"""


def test_the_app_runs_without_writable_executable_memory(database):
    # systemd's MemoryDenyWriteExecute= refuses the same mappings PR_SET_MDWE does.
    result = subprocess.run(
        [sys.executable, "-c", MDWE_CHECK, str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"},
    )
    if result.stdout.strip() == "no-mdwe":
        pytest.skip("this kernel has no PR_SET_MDWE (Linux 6.3+)")
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def test_an_installed_station_uses_its_instance_folder_and_keys(tmp_path):
    install(tmp_path, "--no-browser")
    instance = tmp_path / "var/lib/kiosk"
    env = {
        key: value
        for line in (tmp_path / "etc/kiosk/kiosk.env").read_text().splitlines()
        if line and not line.startswith("#")
        for key, value in [line.split("=", 1)]
    }
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")},
        **env,
        "KIOSK_INSTANCE_PATH": str(instance),
        "KIOSK_BACKUP_EXTRA_DIR": str(tmp_path / "no-stick"),
    }
    kiosk = [str(VENV / "bin" / "kiosk")]
    for command in (["db", "upgrade"], ["backup"]):
        result = subprocess.run(
            kiosk + command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert "backup copy skipped" in result.stdout
    assert len(backups_in(instance / "backups")) == 1
    # The keys come from the installer's config.py: the app makes none of its own.
    show = (
        "from kiosk import create_app; from kiosk.personal_data import vault_for;"
        "app = create_app(); vault_for(app); print(app.config['SECRET_KEY'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", show], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.stdout.strip() == runpy.run_path(str(instance / "config.py"))["SECRET_KEY"]
    assert not (instance / "secret_key").exists()
    assert not (instance / "personal_data_keys.json").exists()


# --- /healthz -------------------------------------------------------------------------------


def add_slip(status: str, printed: bool) -> None:
    from datetime import UTC, datetime, timedelta

    from kiosk.extensions import db
    from kiosk.models import PrintStatus, Slip, SlipKind

    # Newer than anything the demo data holds, so it is the last slip.
    at = datetime.now(UTC) + timedelta(minutes=5)
    slip = Slip(
        kind=SlipKind.ticket,
        subject_id=uuid.uuid4(),
        token_hash=uuid.uuid4().hex,
        locale="zh_Hans_CN",
        created_at=at,
        print_status=PrintStatus(status),
        printed_at=at if printed else None,
    )
    db.session.add(slip)
    db.session.commit()


def test_healthz_says_the_printer_and_sync_are_not_configured(client):
    body = client.get("/healthz").get_json()
    assert body["printer"]["configured"] is False
    assert body["sync"] == {"configured": False}


def test_healthz_reports_the_last_slip_without_touching_the_printer(tmp_path, database):
    # A listening "printer" that must see no connection at all from /healthz.
    with socket.create_server(("127.0.0.1", 0)) as device:
        device.settimeout(0.3)
        app = make_app(database, PRINTER=f"tcp://127.0.0.1:{device.getsockname()[1]}")
        with app.app_context():
            client = app.test_client()
            add_slip("failed", printed=False)
            failed = client.get("/healthz").get_json()["printer"]
            add_slip("printed", printed=True)
            printed = client.get("/healthz").get_json()["printer"]
            from kiosk.extensions import db

            db.session.remove()
            db.engine.dispose()
        with pytest.raises(TimeoutError):
            device.accept()
    assert failed["configured"] is True and failed["last_slip"]["status"] == "failed"
    assert printed["last_slip"]["status"] == "printed"
    assert "127.0.0.1" not in str(printed)  # the printer's address is not for the whole LAN


def test_healthz_counts_a_printer_set_in_the_console(app, client):
    from kiosk.extensions import db
    from kiosk.models import LocalState
    from kiosk.slips.service import PRINTER_KEY

    db.session.add(LocalState(key=PRINTER_KEY, value="tcp://192.0.2.7:9100"))
    db.session.commit()
    assert client.get("/healthz").get_json()["printer"]["configured"] is True


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    from kiosk import create_app

    missing = tmp_path / "no-such-folder" / "kiosk.sqlite"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"},
        instance_path=str(tmp_path / "instance"),
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["ok"] is False and body["database"] is False
    assert body["sync"] == {"configured": None}


# --- logs -----------------------------------------------------------------------------------


def test_the_served_station_logs_no_personal_data(served, printer, tmp_path):
    """Register and book through gunicorn as a person would; the log keeps no name, ID or phone."""
    from test_registration_pages import GOOD

    web = requests.Session()

    def token(path: str) -> str:
        page = web.get(f"{served}{path}", timeout=10).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]

    registered = web.post(
        f"{served}/register/",
        data={**GOOD, "csrf_token": token("/register/")},
        allow_redirects=False,
        timeout=10,
    )
    assert registered.status_code == 303
    services = web.get(f"{served}/appointments/policy_consultation", timeout=10).text
    day = re.findall(r"/appointments/[a-z_]+\?day=([0-9-]+)", services)[1]
    times = web.get(f"{served}/appointments/policy_consultation?day={day}", timeout=10).text
    slot = re.findall(r'href="(/appointments/[a-z_]+/at/[0-9T:-]+)"', times)[0]
    booked = web.post(
        f"{served}{slot}",
        data={"csrf_token": token(slot), "use_registration": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    assert booked.status_code == 303
    assert printer.wait_for(1)  # the appointment slip: printing ran, and logged nothing personal
    time.sleep(0.3)  # let the workers flush their log lines

    log = (tmp_path / "gunicorn.log").read_text()
    assert '"POST /register/"' in log and f'"POST {slot}"' in log
    for personal in (GOOD["name_zh"], GOOD["id_number"], GOOD["mobile"], GOOD["id_number"][6:14]):
        assert personal not in log, personal


# --- deploy/upgrade.sh ----------------------------------------------------------------------


def source_copy(target: Path, broken: bool) -> Path:
    """This checkout as the next release, its migrations broken if asked."""
    shutil.copytree(
        ROOT,
        target,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "instance", "__pycache__", ".pytest_cache", ".ruff_cache"
        ),
    )
    if broken:
        versions = target / "kiosk" / "migrations" / "versions"
        head = sorted(p.stem for p in versions.glob("0*.py"))[-1]
        (versions / "0999_broken.py").write_text(BROKEN_MIGRATION.format(head=head))
    return target


def installed_station(root: Path) -> Path:
    """An installed station with its schema and one row written before any upgrade."""
    install(root, "--no-browser")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")},
        "KIOSK_INSTANCE_PATH": str(root / "var/lib/kiosk"),
        "PYTHONPATH": str(root / "opt/kiosk/app"),
    }
    subprocess.run(
        [str(VENV / "bin/kiosk"), "db", "upgrade"], env=env, check=True, capture_output=True
    )
    database = root / "var/lib/kiosk/kiosk.sqlite"
    write(database, "INSERT INTO local_state (key, value) VALUES ('written', 'before upgrade')")
    # A registration taken on the road and not yet sent to the hub.
    write(database, PENDING_FOR_HUB)
    return database


PENDING_FOR_HUB = (
    "INSERT INTO sync_outbox (kind, record_id, version) "
    "VALUES ('seeker', '0192f1c2a0b47c3e8d5f6a7b8c9d0e1f', 3)"
)
PENDING_ROWS = [("seeker", "0192f1c2a0b47c3e8d5f6a7b8c9d0e1f", 3)]


def pending(database: Path) -> list:
    return rows(database, "SELECT kind, record_id, version FROM sync_outbox")


def upgrade(source: Path, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(source / "deploy/upgrade.sh"), "--root", str(root), "--venv", str(VENV)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_upgrade_sh_installs_the_new_code_after_a_backup(tmp_path):
    root = tmp_path / "root"
    database = installed_station(root)
    source = source_copy(tmp_path / "release", broken=False)
    (source / "RELEASE").write_text("next\n")
    result = upgrade(source, root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "opt/kiosk/app/RELEASE").exists()
    assert "would run: systemctl stop kiosk-station.service" in result.stdout
    assert "would run: systemctl start kiosk-station.service" in result.stdout
    [backup] = backups_in(root / "var/lib/kiosk/backups")
    assert rows(backup, "SELECT value FROM local_state WHERE key = 'written'")
    assert rows(database, "SELECT value FROM local_state WHERE key = 'written'")
    assert pending(database) == pending(backup) == PENDING_ROWS  # still to be sent


def test_upgrade_sh_rolls_back_code_and_database_when_a_migration_fails(tmp_path):
    root = tmp_path / "root"
    database = installed_station(root)
    head = rows(database, "SELECT version_num FROM alembic_version")
    result = upgrade(source_copy(tmp_path / "release", broken=True), root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "rolled back" in result.stdout and "migration failed" in result.stderr
    # The previous code is back in place, running on the previous database.
    assert not (root / "opt/kiosk/app/kiosk/migrations/versions/0999_broken.py").exists()
    assert not (root / "opt/kiosk/app.previous").exists()
    assert rows(database, "SELECT version_num FROM alembic_version") == head
    assert rows(database, "SELECT value FROM local_state WHERE key = 'written'") == [
        ("before upgrade",)
    ]
    assert rows(database, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []
    assert pending(database) == PENDING_ROWS  # the unsent registration is still queued
    assert result.stdout.rstrip().endswith("previous code runs on the previous database")
    assert "would run: systemctl start kiosk-station.service" in result.stdout


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="needs shellcheck (apt-get install)")
def test_the_deploy_scripts_pass_shellcheck():
    scripts = sorted(str(p) for p in (ROOT / "deploy").glob("*.sh"))
    result = subprocess.run(["shellcheck", *scripts], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


# --- the hub's backup and a restore ---------------------------------------------------------


def test_a_hub_backup_restores_into_a_fresh_database_and_its_stations_still_sign_in(tmp_path):
    """`kiosk hub backup` as kiosk-hub-backup.service runs it (its pg_dump command line),
    restored with pg_restore into a new database, with the key files back in a new instance
    folder: a station registered before the backup is still recognised."""
    from station_app import fresh_postgres_database

    from kiosk.extensions import db
    from kiosk.personal_data import vault_for
    from kiosk.sync.hub.backup import DUMP, backups_in
    from kiosk.sync.hub.credentials import authenticated_station
    from kiosk.sync.wire.signing import SignedRequest, signed_headers

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs pg_dump and pg_restore (apt-get install postgresql-client)")
    backups = tmp_path / "hub-backups"
    with fresh_postgres_database() as url, fresh_postgres_database() as restored_url:
        hub = make_app(tmp_path / "hub" / "unused.sqlite", ROLE="hub",
                       SQLALCHEMY_DATABASE_URI=url, HUB_BACKUP_DIR=str(backups),
                       HUB_BACKUP_KEEP=2)  # fmt: skip
        runner = hub.test_cli_runner()
        assert runner.invoke(args=["load-reference"]).exit_code == 0
        made = runner.invoke(args=["hub", "add-station", "ST-B", "--name", "乙站",
                                   "--region", "150105"])  # fmt: skip
        assert made.exit_code == 0, made.output
        secret = made.output.splitlines()[1]
        for _ in range(3):  # three nights: the newest two are kept
            result = runner.invoke(args=["hub", "backup"])
            assert result.exit_code == 0, result.output
            time.sleep(1.1)  # a folder per second
        kept = backups_in(backups)
        assert len(kept) == 2 and f"hub backup written: {kept[-1]}" in result.output
        with hub.app_context():
            db.engine.dispose()
        newest = kept[-1]
        # The test app's SECRET_KEY is in its config, so only the personal-data keys are
        # files here; a real hub's config.py and secret_key are copied the same way.
        assert sorted(p.name for p in newest.iterdir()) == [DUMP, "personal_data_keys.json"]
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in newest.iterdir())
        assert newest.stat().st_mode & 0o777 == 0o700

        libpq = restored_url.replace("postgresql+psycopg://", "postgresql://")
        restore = subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={libpq}", str(newest / DUMP)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert restore.returncode == 0, restore.stderr
        instance = tmp_path / "restored" / "instance"
        instance.mkdir(parents=True)
        shutil.copy(newest / "personal_data_keys.json", instance / "personal_data_keys.json")
        restored = make_app(tmp_path / "restored" / "unused.sqlite", ROLE="hub",
                            SQLALCHEMY_DATABASE_URI=restored_url)  # fmt: skip
        body = b""
        headers = signed_headers("ST-B", secret, "POST", "/sync/hello", "x", body)
        with restored.app_context():
            station = authenticated_station(db.session, vault_for(restored),
                                            SignedRequest.from_headers(headers), "POST",
                                            "/sync/hello", body)  # fmt: skip
            assert station is not None and station.station_code == "ST-B"
            # A wrong secret is still refused: the check is real, not a pass for anyone.
            wrong = signed_headers("ST-B", "not-the-secret", "POST", "/sync/hello", "x", body)
            assert authenticated_station(db.session, vault_for(restored),
                                         SignedRequest.from_headers(wrong), "POST",
                                         "/sync/hello", body) is None  # fmt: skip
            db.session.rollback()
            db.engine.dispose()
