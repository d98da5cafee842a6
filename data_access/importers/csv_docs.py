"""Generate the template files and docs/DATA.md's column tables from the spec.

Run ``python -m data_access.importers.csv_docs`` after changing ``csv_spec``: it rewrites
``data_access/templates/*.csv`` and the part of ``docs/DATA.md`` between the
``BEGIN``/``END GENERATED`` markers. ``--check`` exits 1 when either is out of date
(the tests do the same check).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.importers.csv_spec import ENTITIES, REFERENCE_TARGETS, Column, Entity, ValueType
from data_access.importers.csv_templates import TEMPLATE_DIR, render_template, write_templates

PACKAGE_DIR = Path(__file__).resolve().parents[1]
DATA_MD = PACKAGE_DIR.parent / "docs" / "DATA.md"
BEGIN = "<!-- BEGIN GENERATED: csv columns (python -m data_access.importers.csv_docs) -->"
END = "<!-- END GENERATED: csv columns -->"


def _range(column: Column) -> str:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f" from {low} to {high}" if high < 10**6 else f", {low} or more"
    return f", {low} or more" if low is not None else ""


def type_text(entity: Entity, column: Column) -> str:
    """How a column's values are written, as the docs say it."""
    kind = column.type
    if kind is ValueType.TEXT:
        text = f"text, up to {entity.max_length(column)} characters" if entity.max_length(column) else "text"
        return text + (f" ({column.pattern_hint})" if column.pattern_hint else "")
    if kind is ValueType.INTEGER:
        return "whole number" + _range(column)
    if kind is ValueType.DECIMAL:
        return f"number, up to {column.places} decimals" + _range(column)
    if kind is ValueType.DATE:
        return "date YYYY-MM-DD"
    if kind is ValueType.MONTH:
        return "month: its first day YYYY-MM-01 (YYYY-MM also read)"
    if kind is ValueType.TIMESTAMP:
        return "date and time with UTC offset, ISO 8601: YYYY-MM-DDTHH:MM:SS+01:00 (or Z)"
    if kind is ValueType.CHOICE:
        return "one of: " + ", ".join(f"`{choice}`" for choice in column.choices)
    noun, attribute = REFERENCE_TARGETS[column.refers_to or ""]
    return f"{attribute} of a {noun} already in the database"


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or "—"


def entity_section(entity: Entity) -> str:
    """One template's heading, purpose, key, rules and column table."""
    lines = [
        f"### {entity.title}: `{entity.file_name}` (kind `{entity.kind}`)",
        "",
        entity.about,
        "",
        f"Key (upsert): {', '.join(f'`{name}`' for name in entity.key)}.",
    ]
    rules = [f"`{later}` may not be before `{earlier}`" for earlier, later in entity.order]
    rules.extend(entity.rules)
    if rules:
        lines.append("Rules: " + "; ".join(rules) + ".")
    lines += ["", "| Column | Required | Type | Unit | Meaning |", "|---|---|---|---|---|"]
    for column in entity.columns:
        lines.append(
            f"| `{column.name}` | {'yes' if column.required else 'no'} | {_cell(type_text(entity, column))} "
            f"| {_cell(column.unit)} | {_cell(column.meaning)} |"
        )
    return "\n".join(lines)


def generated_section() -> str:
    """The text between the markers in docs/DATA.md."""
    return "\n\n".join(entity_section(entity) for entity in ENTITIES)


def with_section(document: str) -> str:
    """``document`` with its generated part replaced by the current one."""
    head, found, rest = document.partition(BEGIN)
    _old, found_end, tail = rest.partition(END)
    if not found or not found_end:
        raise ValueError(f"docs/DATA.md lacks the markers {BEGIN!r} ... {END!r}")
    return f"{head}{BEGIN}\n\n{generated_section()}\n\n{END}{tail}"


def out_of_date() -> list[str]:
    """Generated files that differ from what the spec generates now."""
    stale = []
    for entity in ENTITIES:
        path = PACKAGE_DIR / TEMPLATE_DIR / entity.file_name
        if not path.is_file() or path.read_bytes() != render_template(entity.name):
            stale.append(str(path))
    document = DATA_MD.read_text(encoding="utf-8")
    if with_section(document) != document:
        stale.append(str(DATA_MD))
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.importers.csv_docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    args = parser.parse_args(argv)
    if args.check:
        stale = out_of_date()
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    directory = PACKAGE_DIR / TEMPLATE_DIR
    write_templates(directory)
    DATA_MD.write_text(with_section(DATA_MD.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {len(ENTITIES)} templates into {directory} and the column tables of {DATA_MD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
