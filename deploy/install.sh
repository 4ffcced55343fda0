#!/bin/sh
# Install a station (or a caravan: a station whose link comes and goes) or a hub on a fresh
# Debian 12 box:  sudo deploy/install.sh --role station --station-code NM-0102
#
#   --role station|hub     what this box is (default station)
#   --station-code CODE    this station's code (records born here carry it)
#   --database-url URL     hub only: postgresql+psycopg:///kiosk (peer auth as user kiosk)
#   --no-browser           a station without a touchscreen (a counter PC opens the app)
#   --venv DIR             use this ready virtualenv as it is (install nothing into it)
#   --tls-cert FILE        hub only: the certificate nginx serves (default
#                          /etc/kiosk/tls/hub.crt, with its chain), and
#   --tls-key FILE         its key (default /etc/kiosk/tls/hub.key, mode 0600)
#   --root DIR             write everything under DIR, as if DIR were /; run no useradd,
#                          apt-get, pip or systemctl, only say what would be run (for tests)
#
# Re-running it is safe: the instance config and its keys are made once and never replaced
# (new keys would make the personal data already stored unreadable).
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
ROLE=station
STATION_CODE=DEMO
DATABASE_URL=postgresql+psycopg:///kiosk
BROWSER=yes
ROOT=
VENV=/opt/kiosk/venv
APP=/opt/kiosk/app
STATE=/var/lib/kiosk
ETC=/etc/kiosk
CHROMIUM=/usr/bin/chromium
GIVEN_VENV=no
TLS_CERT=/etc/kiosk/tls/hub.crt
TLS_KEY=/etc/kiosk/tls/hub.key

while [ $# -gt 0 ]; do
    case "$1" in
        --role) ROLE=$2; shift 2 ;;
        --station-code) STATION_CODE=$2; shift 2 ;;
        --database-url) DATABASE_URL=$2; shift 2 ;;
        --no-browser) BROWSER=no; shift ;;
        --venv) VENV=$2; GIVEN_VENV=yes; shift 2 ;;
        --tls-cert) TLS_CERT=$2; shift 2 ;;
        --tls-key) TLS_KEY=$2; shift 2 ;;
        --root) ROOT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
case "$ROLE" in station|hub) ;; *) echo "--role is station or hub" >&2; exit 2 ;; esac

# Run a command that changes the system, or with --root only say it.
run() {
    if [ -n "$ROOT" ]; then echo "would run: $*"; else "$@"; fi
}

say() { echo "install: $*"; }

if [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
    echo "run as root (or with --root DIR for a dry install)" >&2
    exit 1
fi

# 1. Debian packages: Python, fonts for slips, and the kiosk screen or PostgreSQL.
PACKAGES="python3 python3-venv sqlite3 curl fonts-noto-cjk fonts-noto-core"
[ "$ROLE" = station ] && [ "$BROWSER" = yes ] && PACKAGES="$PACKAGES chromium cage"
[ "$ROLE" = hub ] && PACKAGES="$PACKAGES postgresql nginx-light"
# shellcheck disable=SC2086 # a list of package names, split on purpose
run apt-get install -y --no-install-recommends $PACKAGES

# 2. Users: the app's, and the screen's (it never reads the app's files).
id kiosk >/dev/null 2>&1 || run useradd --system --user-group --home-dir "$STATE" \
    --shell /usr/sbin/nologin kiosk
if [ "$ROLE" = station ] && [ "$BROWSER" = yes ]; then
    id kiosk-browser >/dev/null 2>&1 || run useradd --system --user-group --create-home \
        --home-dir /var/lib/kiosk-browser --shell /usr/sbin/nologin kiosk-browser
fi

# 3. The app: a copy of this checkout (root-owned: the source the wheel is built from, and
# gunicorn.conf.py) and its venv, which holds exactly the lock and the app's own wheel.
say "copying the app to $ROOT$APP"
mkdir -p "$ROOT$APP"
tar -C "$SRC" --exclude=./.venv --exclude=./instance --exclude=./.git --exclude=__pycache__ \
    --exclude=./.pytest_cache --exclude=./.ruff_cache --exclude='*.egg-info' --exclude=./build \
    --exclude=./.uv -cf - . \
    | tar -C "$ROOT$APP" -xf -
if [ "$GIVEN_VENV" = yes ]; then
    say "using the virtualenv $VENV as it is"
else
    run python3 -m venv "$VENV"
    # Hash-checked, every version pinned: the box gets what the tests ran on.
    run "$VENV/bin/pip" install --quiet --require-hashes -r "$APP/requirements/station.txt"
    # Not editable: a wheel built from the copy (setuptools and Babel come from the lock), with
    # templates, static files and compiled catalogs inside; --no-deps, so pip adds nothing.
    run "$VENV/bin/pip" install --quiet --no-deps --no-build-isolation --force-reinstall "$APP"
fi

# 4. The instance folder and its config: fresh secrets, readable by the service user only.
mkdir -p "$ROOT$STATE" "$ROOT$ETC"
chmod 0700 "$ROOT$STATE"
CONFIG="$ROOT$STATE/config.py"
if [ -e "$CONFIG" ]; then
    say "keeping the existing $STATE/config.py and its keys"
else
    (
        umask 077
        python3 - "$CONFIG" <<'PYTHON'
import base64, json, secrets, sys
from datetime import date

keys = {name: base64.b64encode(secrets.token_bytes(32)).decode() for name in ("sealing", "lookup")}
with open(sys.argv[1], "x") as f:
    f.write(
        f"# Made by deploy/install.sh on {date.today()}. Never in the repository, never on a\n"
        "# backup stick: with these the personal data in a backup can be read. Without them\n"
        "# it cannot, and printed slips' QR codes stop working: keep a copy offline.\n"
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
        f"PERSONAL_DATA_KEYS = {json.dumps(keys)}\n"
    )
PYTHON
    )
    chmod 0600 "$CONFIG"
    say "made $STATE/config.py with new keys (mode 0600)"
fi
ENVFILE="$ROOT$ETC/kiosk.env"
if [ -e "$ENVFILE" ]; then
    say "keeping the existing $ETC/kiosk.env"
else
    {
        echo "# KIOSK_* settings for the kiosk units (see kiosk/config.py); no secrets here."
        echo "KIOSK_INSTANCE_PATH=$STATE"
        echo "KIOSK_ROLE=$ROLE"
        echo "KIOSK_STATION_CODE=$STATION_CODE"
        if [ "$ROLE" = hub ]; then
            echo "KIOSK_DATABASE_URL=$DATABASE_URL"
            echo "KIOSK_BIND=127.0.0.1:8000"
            echo "# nginx in front (/etc/nginx/conf.d/kiosk-hub.conf): one proxy hop is believed"
            echo "KIOSK_PROXY_HOPS=1"
            echo "# The hub's own address, e.g. https://hub.example.gov.cn (QR codes, Secure cookies)"
            echo "KIOSK_PUBLIC_URL="
        else
            echo "# The address phones on the station's Wi-Fi reach, e.g. http://192.168.8.1:8000"
            echo "KIOSK_PUBLIC_URL="
            echo "KIOSK_BIND=0.0.0.0:8000"
            echo "# tcp://host:9100, usb://vid:pid, cups://queue (or set it in the staff console)"
            echo "KIOSK_PRINTER="
            echo "# A folder on the USB stick; the daily backup is copied there when it is mounted"
            echo "KIOSK_BACKUP_EXTRA_DIR=/media/kiosk-usb/kiosk-backups"
            echo "# The county hub, e.g. https://hub.example.gov.cn (its secret for this station goes"
            echo "# in $STATE/config.py as HUB_SECRET = \"…\"); empty: no sync"
            echo "KIOSK_HUB_URL="
        fi
    } > "$ENVFILE"
    chmod 0640 "$ENVFILE"
fi
run chown -R kiosk:kiosk "$STATE"
run chown root:kiosk "$ETC/kiosk.env"

# 5. The units, with this box's paths filled in.
UNITS="kiosk-$ROLE.service"
[ "$ROLE" = station ] && UNITS="$UNITS kiosk-backup.service kiosk-backup.timer"
[ "$ROLE" = station ] && UNITS="$UNITS kiosk-sync.service kiosk-sync.timer"
[ "$ROLE" = station ] && [ "$BROWSER" = yes ] && UNITS="$UNITS kiosk-browser.service"
[ "$ROLE" = hub ] && UNITS="$UNITS kiosk-hub-backup.service kiosk-hub-backup.timer"
mkdir -p "$ROOT/etc/systemd/system"
for unit in $UNITS; do
    sed -e "s|@APP@|$APP|g" -e "s|@VENV@|$VENV|g" -e "s|@STATE@|$STATE|g" \
        -e "s|@ETC@|$ETC|g" -e "s|@CHROMIUM@|$CHROMIUM|g" \
        "$SRC/systemd/$unit" > "$ROOT/etc/systemd/system/$unit"
    say "unit $unit"
done
if [ "$ROLE" = station ] && [ "$BROWSER" = yes ]; then
    # cage needs a logind session on seat0 to open the screen and touch panel.
    mkdir -p "$ROOT/etc/pam.d"
    printf '%s\n' "auth     required pam_unix.so nullok" "account  required pam_unix.so" \
        "session  required pam_unix.so" "session  required pam_systemd.so" \
        > "$ROOT/etc/pam.d/kiosk-browser"
fi

# 5b. The hub's front door: nginx with TLS in front of gunicorn.
if [ "$ROLE" = hub ]; then
    mkdir -p "$ROOT/etc/nginx/conf.d"
    sed -e "s|@UPSTREAM@|127.0.0.1:8000|g" -e "s|@CERT@|$TLS_CERT|g" -e "s|@KEY@|$TLS_KEY|g" \
        "$SRC/deploy/nginx/kiosk-hub.conf" > "$ROOT/etc/nginx/conf.d/kiosk-hub.conf"
    say "nginx site kiosk-hub.conf (certificate $TLS_CERT, key $TLS_KEY)"
    [ -e "$ROOT$TLS_CERT" ] || say "put the hub's certificate at $TLS_CERT and its key at $TLS_KEY"
    run rm -f /etc/nginx/sites-enabled/default
fi

# 6. `kiosk-admin backup`, `kiosk-admin restore FILE`…: the kiosk CLI as the service sees it.
mkdir -p "$ROOT/usr/local/bin"
cat > "$ROOT/usr/local/bin/kiosk-admin" <<ADMIN
#!/bin/sh
set -a; . $ETC/kiosk.env; set +a
cd $STATE && exec runuser -u kiosk -- $VENV/bin/kiosk "\$@"
ADMIN
chmod 0755 "$ROOT/usr/local/bin/kiosk-admin"

# 7. Schema and reference data, then start.
run /usr/local/bin/kiosk-admin db upgrade
run /usr/local/bin/kiosk-admin load-reference
run systemctl daemon-reload
TO_ENABLE="kiosk-$ROLE.service"
[ "$ROLE" = station ] && TO_ENABLE="$TO_ENABLE kiosk-backup.timer kiosk-sync.timer"
[ "$ROLE" = station ] && [ "$BROWSER" = yes ] && TO_ENABLE="$TO_ENABLE kiosk-browser.service"
[ "$ROLE" = hub ] && TO_ENABLE="$TO_ENABLE kiosk-hub-backup.timer"
# shellcheck disable=SC2086 # a list of unit names
run systemctl enable --now $TO_ENABLE
if [ "$ROLE" = hub ]; then
    run nginx -t
    run systemctl reload-or-restart nginx
fi
say "done: $ROLE installed${ROOT:+ under $ROOT}"
