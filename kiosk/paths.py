"""Where the app's own files are: templates, static files, catalogs and migrations."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: An installed wheel carries templates/, static/ and translations/ here (see setup.py).
ASSETS = PACKAGE / "_assets"
#: True when running from a checkout (or an editable install of one), not an installed wheel.
CHECKOUT = not ASSETS.is_dir()
#: The checkout, where those folders live at the top level beside the package; in an
#: installed wheel, the folder inside the package that holds them instead.
ROOT = PACKAGE.parent if CHECKOUT else ASSETS
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
TRANSLATIONS = ROOT / "translations"
MIGRATIONS = PACKAGE / "migrations"
ICONS = STATIC / "icons"
