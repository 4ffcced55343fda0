"""What the benchmark scripts share: a line of output, and a named, timed step."""

import contextlib
import time
from collections.abc import Iterator


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
