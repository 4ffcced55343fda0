"""Words for the hub's Stations page: what a station's report says needs attention."""

from flask_babel import lazy_gettext as _l

from kiosk.sync.hub.reports import Flag

FLAGS = {
    Flag.no_report: _l("No report yet"),
    Flag.old_version: _l("Old version"),
    Flag.schema_behind: _l("Database behind"),
    Flag.schema_unknown: _l("Database unknown to the hub"),
    Flag.no_backup: _l("No backup in 2 days"),
    Flag.printer_failing: _l("Printer failing"),
    Flag.disk_low: _l("Disk almost full"),
}
