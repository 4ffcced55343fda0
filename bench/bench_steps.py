"""What the benchmark scripts share: a line of output, a named, timed step, a station
registered at the hub, and the run in a scratch folder."""

import contextlib
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path


def log(message: str = "") -> None:
    print(message, flush=True)


@contextlib.contextmanager
def phase(name: str, durations: dict[str, float]) -> Iterator[None]:
    """A step of the run, announced and timed into `durations`."""
    log(f"\n== {name}")
    started = time.perf_counter()
    try:
        yield
    finally:
        durations[name] = time.perf_counter() - started
        log(f"   ({name}: {durations[name]:.1f}s)")


def register(hub_app, code: str) -> str:
    """A station in the hub's register (its add-station command, as a technician runs it);
    the secret it hands out once."""
    made = hub_app.test_cli_runner().invoke(
        args=["hub", "add-station", code, "--name", f"{code}站", "--region", "150105"]
    )
    if made.exit_code != 0:
        raise RuntimeError(f"hub add-station {code} failed:\n{made.output}")
    return made.output.splitlines()[1]


def hub_folder(workdir: Path) -> Path:
    """The in-process hub app's own folder: the stations' instance folders (their county
    keys) are not the hub's, which seals the secrets it hands out."""
    folder = workdir / "hub"
    folder.mkdir(exist_ok=True)
    return folder / "unused.sqlite"


def run_bench(prefix: str, run: Callable[[Path, dict, dict], None]) -> tuple[dict, dict, float]:
    """Run the bench in a scratch folder: its figures, its phases' seconds, and its total.
    Exits 2 when it cannot run (no PostgreSQL); a plain `kill` still runs the finally
    blocks (gunicorn, the database)."""
    import pytest  # fresh_postgres_database skips when there is no server

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    figures: dict = {}
    durations: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        try:
            run(Path(tmp), figures, durations)
        except pytest.skip.Exception as skipped:
            log(f"Cannot run: {skipped.msg}")
            sys.exit(2)
    return figures, durations, time.perf_counter() - started
