"""The staff desk in a browser test: its screen, accounts made with the real command, and
signing in as a person would (the language chosen first, kept through the sign-in)."""

import subprocess
import sys
from pathlib import Path

DESK = {"width": 1366, "height": 900}
PASSWORD = "correct horse battery"


def make_staff(database: Path, username: str, name: str, role: str = "counselor") -> str:
    """`kiosk create-staff`, run as an operator would, over the test's database."""
    env = {"KIOSK_DATABASE_URL": f"sqlite:///{database}", "KIOSK_SECRET_KEY": "test",
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    command = [str(Path(sys.executable).parent / "kiosk"), "create-staff", username,
               "--name", name, "--role", role, "--password", PASSWORD]  # fmt: skip
    subprocess.run(command, env=env, check=True, cwd=database.parent, capture_output=True)
    return username


def sign_in(page, username: str, locale: str, target: str) -> None:
    """Open `target` in `locale`, meet the sign-in page, sign in, land on `target`."""
    page.goto(f"/lang/{locale}?next={target}")
    page.wait_for_url("**/staff/login**")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("button.submit").click()
    page.wait_for_url(f"**{target}")
