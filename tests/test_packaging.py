"""The wheel is the station: built from what a clean clone holds, installed (not editable)
into a fresh virtualenv, it migrates, loads data and serves every page styled, in both
languages, without reading anything from the checkout."""

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import requests
from babel.messages.pofile import read_po
from station_app import STOP_SECONDS, wait_until_served

from kiosk.config import ROOT

MONGOLIAN_FONT = "/static/fonts/NotoSansMongolian-subset.woff2"


def run(command: list, **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def clean_clone(target: Path) -> Path:
    """The files git would check out (committed or about to be), without .mo files, builds,
    instance folders or virtualenvs: what a box that clones the repository starts from."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files a clone holds")
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def translated(locale: str, message: str) -> str:
    path = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=locale)[message].string


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A venv holding only the built wheel; the dependencies come from this test's own
    environment through a .pth file (already installed from the lock, so no network)."""
    work = tmp_path_factory.mktemp("packaging")
    source = clean_clone(work / "clone")
    assert not list(source.rglob("*.mo"))  # the build has to compile them itself
    # No build isolation: setuptools and Babel are in the lock, so no download is needed.
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    run([*build, "--wheel-dir", str(work / "dist"), str(source)])
    [wheel] = (work / "dist").glob("kiosk-*.whl")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run([python, "-c", purelib]).strip())
    # A path line in a .pth does not run that folder's own .pth files, so this
    # environment's editable hook for the checkout stays out of the new venv.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "deps.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    run([*pip, "--no-deps", "--no-index", str(wheel)])
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "PYTHON"))},
        "KIOSK_INSTANCE_PATH": str(work / "instance"),
    }
    elsewhere = work / "elsewhere"  # the cwd: nothing may be found relative to it
    elsewhere.mkdir()
    for command in (["db", "upgrade"], ["load-reference"], ["seed-demo", "--jobs", "50"]):
        run([venv / "bin" / "kiosk", *command], cwd=elsewhere, env=env)
    return {"venv": venv, "python": python, "site": site, "env": env, "cwd": elsewhere}


def test_the_installed_package_reads_nothing_from_the_checkout(installed):
    show = "import kiosk, kiosk.paths as p; print(kiosk.__file__); print(p.TEMPLATES)"
    lines = run([installed["python"], "-c", show], cwd=installed["cwd"], env=installed["env"])
    package, templates = map(Path, lines.split())
    for path in (package, templates):
        assert path.is_relative_to(installed["site"]), path
        assert not path.is_relative_to(ROOT), path


def test_the_installed_wheel_serves_a_styled_station_in_both_languages(installed, tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [installed["python"], "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "--workers", "1", "kiosk:create_app()"],
            cwd=installed["cwd"], env=installed["env"], stdout=out, stderr=out,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(url, server, log)
        browser = requests.Session()
        chinese = browser.get(f"{url}/", timeout=10)
        assert chinese.status_code == 200
        assert translated("zh_Hans_CN", "Find a job") in chinese.text
        assert "Find a job" not in chinese.text and "Tap a kind of work" not in chinese.text
        assert '<svg class="icon"' in chinese.text  # the tiles' icons, inlined

        browser.get(f"{url}/lang/mn_Mong_CN", timeout=10)
        mongolian = browser.get(f"{url}/", timeout=10)
        assert 'lang="mn-Mong"' in mongolian.text
        assert translated("mn_Mong_CN", "Find a job") in mongolian.text
        assert "Find a job" not in mongolian.text

        css = browser.get(f"{url}/static/css/kiosk.css", timeout=10)
        assert css.status_code == 200 and "NotoSansMongolian-subset.woff2" in css.text
        font = browser.get(f"{url}{MONGOLIAN_FONT}", timeout=10)
        assert font.status_code == 200 and font.content[:4] == b"wOF2"
        assert browser.get(f"{url}/static/js/htmx.min.js", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=STOP_SECONDS)
