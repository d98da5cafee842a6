"""The imports of other tools' own exports: Jira CSV, MS Project XML, Trello board JSON."""

from __future__ import annotations

from data_access.importers.jira_csv import import_jira_csv
from data_access.importers.mspdi_writer import import_mspdi
from data_access.importers.registry import ImportKind
from data_access.importers.trello import import_trello

SOURCE_KINDS: list[ImportKind] = [
    ImportKind(
        "jira-csv",
        import_jira_csv,
        "Jira CSV export of issues: work items (no status history in a CSV)",
        needs_project=True,
        needs_workflow=True,
    ),
    ImportKind(
        "mspdi",
        import_mspdi,
        "Microsoft Project XML: milestones, progress, labour cost plan and actuals",
        needs_project=True,
    ),
    ImportKind(
        "trello-json",
        import_trello,
        "Trello board JSON export: cards as work items, list moves as status changes",
        needs_project=True,
        needs_workflow=True,
    ),
]
