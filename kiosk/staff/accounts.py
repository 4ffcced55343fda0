"""Staff accounts: argon2id password hashes and roles (the audit log: kiosk/web/staff.py)."""

import enum

import click
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, Refused
from kiosk.extensions import db
from kiosk.models import StaffMember, StaffRole, utcnow

#: argon2-cffi's defaults (RFC 9106's second recommendation, 64 MiB): about 50 ms on a kiosk box.
HASHER = PasswordHasher()
MIN_PASSWORD = 10
MAX_USERNAME = 40
#: Verified against for an unknown name: a wrong name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash("not a password anyone has")


class AccountIssue(enum.StrEnum):
    username = "username"
    password = "password"
    taken = "taken"


def create_staff(
    session: Session, username: str, display_name: str, password: str, role: StaffRole
) -> StaffMember:
    """A new account; Refused (with an English sentence for the command line, and its
    problem for the console, which says it in the manager's language) when it cannot be."""
    username = username.strip().lower()
    plain = username.replace(".", "").replace("-", "")
    if not username.isascii() or not plain.isalnum() or len(username) > MAX_USERNAME:
        raise Refused.one(
            "username",
            AccountIssue.username,
            "the username takes Latin letters, digits, dots and hyphens",
        )
    check = Checker(markup=True)  # a name is only ever shown escaped
    display_name = check.clean("display_name", display_name)[:40]
    if not check.ok("display_name"):
        raise Refused(check.problems, "the name holds control or direction characters")
    if len(password) < MIN_PASSWORD:
        raise Refused.one(
            "password",
            AccountIssue.password,
            f"the password needs at least {MIN_PASSWORD} characters",
        )
    if session.scalar(select(StaffMember.id).where(StaffMember.username == username)):
        raise Refused.one(
            "username", AccountIssue.taken, f"there is already a staff member called {username}"
        )
    member = StaffMember(
        username=username,
        display_name=display_name or username,
        password_hash=HASHER.hash(password),
        role=role,
    )
    session.add(member)
    return member


def set_active(session: Session, member: StaffMember, active: bool) -> None:
    """Turn an account off (every session of it ends at once) or on again; never deleted, so
    the audit log keeps naming who did what."""
    member.active = active
    if not active:
        end_sessions(member)


def set_password(session: Session, member: StaffMember, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    if len(password) < MIN_PASSWORD:
        raise Refused.one(
            "password",
            AccountIssue.password,
            message=f"the password needs at least {MIN_PASSWORD} characters",
        )
    member.password_hash = HASHER.hash(password)
    end_sessions(member)


def end_sessions(member: StaffMember) -> None:
    """Sign the account out everywhere: a session made before this no longer matches."""
    member.session_generation = (member.session_generation or 0) + 1


def authenticate(session: Session, username: str, password: str) -> StaffMember | None:
    member = session.scalars(
        select(StaffMember).where(StaffMember.username == username.strip().lower()[:40])
    ).first()
    try:
        HASHER.verify(member.password_hash if member else _DUMMY_HASH, password[:200])
    except (VerifyMismatchError, InvalidHashError):
        return None
    if member is None or not member.active:
        return None
    if HASHER.check_needs_rehash(member.password_hash):
        member.password_hash = HASHER.hash(password)
    member.last_login_at = utcnow()
    return member


@click.command("create-staff")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Name shown in the console.")
@click.option(
    "--role", type=click.Choice([r.value for r in StaffRole]), default=StaffRole.counselor.value
)
@click.password_option(help="Asked for when not given (typed twice).")
@with_appcontext
def create_staff_command(username: str, display_name: str, role: str, password: str) -> None:
    """Create a staff account (counselor or station manager)."""
    try:
        member = create_staff(db.session, username, display_name, password, StaffRole(role))
    except Refused as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    count = db.session.scalar(select(func.count()).select_from(StaffMember))
    click.echo(f"Created {member.role.value} {member.username} ({count} staff accounts).")


@click.command("set-password")
@click.argument("username")
@click.password_option(help="Asked for when not given (typed twice).")
@with_appcontext
def set_password_command(username: str, password: str) -> None:
    """Give a staff account a new password; its sessions everywhere end."""
    member = db.session.scalars(
        select(StaffMember).where(StaffMember.username == username.strip().lower())
    ).first()
    if member is None:
        raise click.ClickException(f"there is no staff member called {username}")
    try:
        set_password(db.session, member, password)
    except Refused as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    click.echo(f"New password for {member.username}; every session of it has ended.")
