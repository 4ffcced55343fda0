#!/bin/sh
# Upgrade an installed box to the code in this checkout:  sudo deploy/upgrade.sh
#
# Stops the app, keeps the running code as $APP.previous, puts this code in place and runs
# `kiosk upgrade` (a checked backup, then the migrations; if they fail, the backup is put
# back). On failure the previous code is put back too and the app started again as it was.
#
#   --venv DIR   use this ready virtualenv as it is (install nothing into it)
#   --root DIR   an install made with `install.sh --root DIR`: the database commands really
#                run on DIR's instance folder; systemctl, pip and runuser are only said
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
ROOT=
VENV=/opt/kiosk/venv
GIVEN_VENV=no
APP=/opt/kiosk/app
STATE=/var/lib/kiosk
ETC=/etc/kiosk

while [ $# -gt 0 ]; do
    case "$1" in
        --venv) VENV=$2; GIVEN_VENV=yes; shift 2 ;;
        --root) ROOT=$(cd "$2" && pwd); shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

run() {
    if [ -n "$ROOT" ]; then echo "would run: $*"; else "$@"; fi
}

say() { echo "upgrade: $*"; }

# The kiosk CLI as the service runs it; under --root, on the scratch root's files.
kiosk() {
    if [ -n "$ROOT" ]; then
        (
            set -a
            # shellcheck disable=SC1090 # the box's own settings file
            . "$ROOT$ETC/kiosk.env"
            set +a
            export KIOSK_INSTANCE_PATH="$ROOT$STATE" PYTHONPATH="$ROOT$APP"
            cd "$ROOT$APP" && "$VENV/bin/kiosk" "$@"
        )
    else
        /usr/local/bin/kiosk-admin "$@"
    fi
}

# The lock of the code in $APP, then that code as a wheel (as deploy/install.sh does).
install_code() {
    if [ "$GIVEN_VENV" = no ]; then
        run "$VENV/bin/pip" install --quiet --require-hashes -r "$APP/requirements/station.txt"
        run "$VENV/bin/pip" install --quiet --no-deps --no-build-isolation --force-reinstall "$APP"
    fi
}

ROLE=$(sed -n 's/^KIOSK_ROLE=//p' "$ROOT$ETC/kiosk.env")
UNIT="kiosk-${ROLE:-station}.service"
[ -d "$ROOT$APP" ] || { echo "no install at $ROOT$APP: run deploy/install.sh first" >&2; exit 1; }

# Stopped, so nothing writes while the database is backed up, migrated or put back.
run systemctl stop "$UNIT"
rm -rf "$ROOT$APP.previous"
mv "$ROOT$APP" "$ROOT$APP.previous"
mkdir -p "$ROOT$APP"
tar -C "$SRC" --exclude=./.venv --exclude=./instance --exclude=./.git --exclude=__pycache__ \
    --exclude=./.pytest_cache --exclude=./.ruff_cache --exclude='*.egg-info' --exclude=./build \
    --exclude=./.uv -cf - . \
    | tar -C "$ROOT$APP" -xf -
say "new code in $APP (the running code is kept in $APP.previous)"
install_code

if kiosk upgrade; then
    run systemctl start "$UNIT"
    say "done"
else
    say "the upgrade failed: the database is as it was; putting the previous code back"
    rm -rf "$ROOT$APP"
    mv "$ROOT$APP.previous" "$ROOT$APP"
    install_code
    run systemctl start "$UNIT"
    say "rolled back: the previous code runs on the previous database"
    exit 1
fi
