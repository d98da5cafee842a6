"""Import kinds registered by this module (filled in as the importers land)."""

from __future__ import annotations

from data_access.importers.registry import ImportKind

SOURCE_KINDS: list[ImportKind] = []
