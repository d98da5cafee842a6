"""The downloadable template files: header and one example row, generated from the spec.

The files live in ``data_access/templates/`` as package data so the app can offer them
without a database; ``tests/test_import_csv_docs.py`` checks they equal what the spec
generates. Regenerate them (and docs/DATA.md's column tables) with
``python -m data_access.importers.csv_docs``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from data_access.importers.csv_format import csv_bytes
from data_access.importers.csv_spec import ENTITIES, entity

TEMPLATE_DIR = "templates"


def template_names() -> list[str]:
    """Template names in import order (``teams``, ``people``, ``programs``, ...)."""
    return [e.name for e in ENTITIES]


def render_template(name: str) -> bytes:
    """The template file as the spec defines it (header + one example row)."""
    spec = entity(name)
    return csv_bytes(spec.column_names, [[c.example for c in spec.columns]])


def template_bytes(name: str) -> bytes:
    """The shipped template file ``<name>.csv`` (for a download button)."""
    spec = entity(name)
    return files("data_access").joinpath(TEMPLATE_DIR, spec.file_name).read_bytes()


def write_templates(directory: Path) -> list[Path]:
    """Write every template into ``directory``; the paths written, in import order."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in ENTITIES:
        path = directory / spec.file_name
        path.write_bytes(render_template(spec.name))
        written.append(path)
    return written
