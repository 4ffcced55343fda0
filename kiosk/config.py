"""Defaults; the instance folder's `config.py` and `KIOSK_*` environment variables override them."""

from kiosk.paths import ROOT, TRANSLATIONS

__all__ = ["HUB_ORIGIN", "ROOT", "DefaultConfig"]
#: The origin of what a hub publishes (its STATION_CODE, whatever the configuration says).
HUB_ORIGIN = "HUB"


class DefaultConfig:
    #: "station" (SQLite, works offline) or "hub" (PostgreSQL, receives what stations collect).
    ROLE = "station"
    #: This box's station code: records born here carry it (set at install time).
    STATION_CODE = "DEMO"
    #: The county hub this station syncs with (https://hub.example/), and the secret the hub
    #: gave it (`kiosk hub add-station`). Empty: this box keeps everything to itself.
    HUB_URL = ""
    HUB_SECRET = ""
    #: Records per push, seconds to wait for the hub, and tries per request before a round
    #: gives up (the next round, a few minutes later, starts again where this one stopped).
    SYNC_BATCH = 500
    SYNC_TIMEOUT = 60
    SYNC_TRIES = 4
    #: A caravan shows itself offline when its last contact with the hub is older than this.
    SYNC_ONLINE_SECONDS = 15 * 60
    #: Hub: days a batch receipt is kept (`kiosk hub prune`). A batch replayed after that is
    #: still refused record by record: the version guard answers every record "duplicate".
    SYNC_RECEIPT_DAYS = 30
    #: Days past its "open until" date that a job still travels and stays at the stations
    #: that did not publish it (the hub stops sending it; stations drop it).
    SYNC_RETIRE_DAYS = 30
    #: Hub: days the change log keeps every entry (`kiosk hub compact`); past that only each
    #: record's latest one.
    SYNC_LOG_DAYS = 30
    #: Hub: the county's booth rule: this many no-shows at its fairs (booked, never checked
    #: in) and an employer books no booth for FAIR_BAR_DAYS after the last one.
    FAIR_NO_SHOWS = 3
    FAIR_BAR_DAYS = 365
    #: The county's labour inspection contact a gig worker's "not paid" is passed to (name and
    #: phone, as text): shown on the rights referral and its slip. Until the county sets its
    #: own, the national 12333 line, which takes wage-arrears complaints everywhere.
    GIG_LABOUR_INSPECTION = "12333 人社服务热线（劳动保障监察投诉）"
    #: This many unpaid-wage referrals and an employer's next gig posts wait for review again.
    GIG_UNPAID_REFERRALS = 2
    #: Cross-outlet look-ups of people (`POST /sync/person`) a station may make in an hour,
    #: counting the people they found: beyond it the hub refuses (and still audits) them.
    SYNC_PERSON_LOOKUPS_PER_HOUR = 60
    #: SQLAlchemy URL; empty means a SQLite file `kiosk.sqlite` in the instance folder.
    DATABASE_URL = ""
    #: The address phones reach this station at (the station's Wi-Fi address, or the hub's):
    #: QR codes and slips carry it. Empty: the address gunicorn listens on (KIOSK_BIND; for
    #: 0.0.0.0 this box's own network address), never the Host header a browser sent. An
    #: https:// address also makes the session cookie Secure and __Host- (kiosk/web/security.py).
    PUBLIC_URL = ""
    #: Where gunicorn listens (gunicorn.conf.py reads KIOSK_BIND too).
    BIND = "127.0.0.1:8000"
    #: The session cookie goes over HTTPS only; None: when PUBLIC_URL is https://.
    SESSION_COOKIE_SECURE = None
    #: Proxies in front of the app (the hub's nginx: 1). They set X-Forwarded-For/-Proto, which
    #: are believed for this many hops; 0: the client is whoever connected.
    PROXY_HOPS = 0
    #: Seconds of no touch after which the kiosk goes home and forgets the person.
    IDLE_TIMEOUT_SECONDS = 90
    #: The same for a signed-in staff member: the console signs out after this quiet time.
    STAFF_IDLE_TIMEOUT_SECONDS = 15 * 60
    #: Counters people are called to (the lobby screen shows each one's latest number).
    COUNTERS = ("1", "2", "3")
    RATE_LIMIT_LOGIN = "5 per minute;30 per hour"
    #: Where the rate limits count (`limits` storage URI: memcached://…, redis://…). Empty:
    #: a SQLite file in the instance folder that all of the box's gunicorn workers share.
    RATELIMIT_STORAGE_URI = ""
    #: Jobs per list page.
    PAGE_SIZE = 20
    #: How many rendered job-list fragments each worker keeps (kiosks repeat the same taps).
    LIST_CACHE_SIZE = 512

    #: Per client address. A kiosk is one address for everyone, so these leave room for a
    #: queue of people; a phone hammering the form is stopped.
    RATE_LIMIT_REGISTER = "10 per minute;60 per hour"
    RATE_LIMIT_HAND_OFF = "20 per minute"

    #: Appointments: slot length in minutes, and how many open days ahead can be booked.
    SLOT_MINUTES = 30
    BOOKING_DAYS = 6
    RATE_LIMIT_BOOK = "10 per minute;60 per hour"
    RATE_LIMIT_PRINT = "10 per minute"

    #: The receipt printer (see kiosk/slips/printing.py): tcp://host:9100, usb://vid:pid,
    #: cups://queue or file:///dev/usb/lp0. Empty: slips are shown on screen only.
    PRINTER = ""
    #: Dots across the paper: 576 for 80 mm, 384 for 58 mm.
    PRINTER_DOTS = 576
    #: Fonts slips are drawn with (Debian: fonts-noto-cjk, fonts-noto-core).
    SLIP_FONT_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    SLIP_FONT_CJK_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
    SLIP_FONT_MONGOLIAN = "/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf"

    #: The kiosk's ID card reader service (kiosk/registration/card_reader.py): its address on
    #: this box, e.g. http://127.0.0.1:19196/readcard, and seconds to wait for a card. Empty:
    #: no "read my ID card" button (a keyboard-wedge reader needs no setting).
    CARD_READER_URL = ""
    CARD_READER_TIMEOUT = 5

    #: Station backups (`kiosk backup`, daily by kiosk-backup.timer): the folder (empty: the
    #: instance folder's backups/), how many to keep, and a folder on a USB stick that gets a
    #: copy when the stick is mounted (empty: none).
    BACKUP_DIR = ""
    BACKUP_KEEP = 14
    #: Hub: where `kiosk hub backup` writes (empty: `hub-backups/` in the instance folder),
    #: and how many it keeps.
    HUB_BACKUP_DIR = ""
    HUB_BACKUP_KEEP = 14
    BACKUP_EXTRA_DIR = ""

    LOCALES = ("zh_Hans_CN", "mn_Mong_CN")
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Queries are capped long before this; a huge query string is refused early.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
