"""Where the app's own files are: templates, static files, catalogs and migrations."""

from pathlib import Path

#: The checkout: templates, static files and catalogs live at the top level, beside the package.
ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
TRANSLATIONS = ROOT / "translations"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ICONS = STATIC / "icons"
