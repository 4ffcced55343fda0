"""The wheel carries the top-level templates/, static/ and translations/ (with compiled .mo
catalogs) as kiosk/_assets/, so an installed station needs no checkout beside it.

Everything else is in pyproject.toml; this only adds that step to the build.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: Top-level folders copied into the package; kiosk/paths.py looks for them there first.
ASSETS = ("templates", "static", "translations")


class BuildWithAssets(build_py):
    def run(self) -> None:
        # An editable install reads the checkout itself (kiosk/paths.py falls back to it).
        if getattr(self, "editable_mode", False):
            super().run()
            return
        # build_py copies only what is newer, so a module deleted since the last build would
        # stay in build/ and in the wheel: start from nothing.
        shutil.rmtree(Path(self.build_lib) / "kiosk", ignore_errors=True)
        super().run()
        target = Path(self.build_lib) / "kiosk" / "_assets"
        for name in ASSETS:
            shutil.copytree(HERE / name, target / name, ignore=shutil.ignore_patterns("*.mo"))
        # .mo files are not in git: compile them here, so every wheel has both languages.
        from babel.messages.frontend import CommandLineInterface

        translations = str(target / "translations")
        if CommandLineInterface().run(["pybabel", "-q", "compile", "-d", translations]):
            raise SystemExit("the catalogs did not compile")


setup(cmdclass={"build_py": BuildWithAssets})
