"""The template CSV import kinds: ``csv-programs``, ``csv-projects``, ... in import order."""

from __future__ import annotations

from data_access.importers.csv_import import importer_for
from data_access.importers.csv_spec import ENTITIES
from data_access.importers.registry import ImportKind

CSV_KINDS: list[ImportKind] = [
    ImportKind(entity.kind, importer_for(entity), f"{entity.title} CSV template ({entity.file_name})")
    for entity in ENTITIES
]
