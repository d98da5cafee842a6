"""Microsoft Project XML (MSPDI: File > Save As > XML), read into what the dashboard keeps.

Read (namespace ``http://schemas.microsoft.com/project``):

- ``StatusDate`` (else ``CurrentDate``): the day the schedule speaks for;
- ``CurrencyCode``: must match the project's currency when given;
- each task (``IsNull`` and inactive tasks are skipped): ``UID``, ``Name``,
  ``OutlineLevel``, ``Summary``, ``Milestone``, ``Start``, ``Finish``, ``ActualStart``,
  ``ActualFinish``, ``PercentComplete``, ``ActualCost`` and baseline 0 (``Baseline`` with
  ``Number`` 0): ``Start``, ``Finish``, ``Cost``.

Mapping:

- a task with ``Milestone`` 1 is a milestone: baseline date = baseline finish, forecast =
  ``Finish``, actual = ``ActualFinish``; and a forecast snapshot (``milestone_forecasts``)
  recorded on the status date, so schedule RAG can be replayed as of that day;
- the project summary task (UID 0) ``PercentComplete`` is a progress row dated on the
  status date;
- costs of the tasks that are not summaries (summary costs are the sum of their
  children): baseline cost is the cost plan, spread over the baseline start-finish
  working days by month; ``ActualCost`` is the actuals, spread over actual start to
  actual finish (or the status date while running). See ``mspdi_costs``. Both go to
  category ``labour``: MS Project costs are resource rates times work (fixed costs are
  included in the same totals and cannot be told apart in a baseline).
  ``TimephasedData`` is not read: MS Project writes it for work, rarely for cost.

Costs in MSPDI are in hundredths of the currency unit (``<Cost>1250000</Cost>`` is
12,500.00). Calendars, resources, assignments, links and custom fields are ignored.

Checked: well-formed XML (line and column from the parser), no DOCTYPE or ENTITY
declarations (entity expansion), the MSPDI root element, every date parses, finish is
not before start, costs are not negative, percent complete is 0-100, each milestone has
a baseline, milestone names are unique. Rows in problems are ``task UID <n> "<name>"``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from xml.parsers.expat import ErrorString

from data_access.importers.mspdi_costs import CENT, add_into, spread_by_month
from data_access.importers.problems import ImportRejected, Problem

NAMESPACE = "http://schemas.microsoft.com/project"
NS = f"{{{NAMESPACE}}}"
TRUE = {"1", "true"}


@dataclass(frozen=True)
class ScheduleMilestone:
    name: str
    baseline: date
    forecast: date
    actual: date | None
    where: str


@dataclass
class Schedule:
    """What one MSPDI file says, ready to write; ``problems`` empty when it is valid."""

    status_date: date | None = None
    currency: str | None = None
    percent_complete: Decimal | None = None
    milestones: list[ScheduleMilestone] = field(default_factory=list)
    planned: dict[date, Decimal] = field(default_factory=dict)
    actual: dict[date, Decimal] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Task:
    """One ``Task`` element's fields, parsed and checked, problems collected."""

    def __init__(self, element: ET.Element, problems: list[Problem]) -> None:
        self.element, self.problems = element, problems
        self.uid = self.text("UID")
        self.name = self.text("Name")
        self.where = f'task UID {self.uid or "?"} "{self.name}"'
        level = self.text("OutlineLevel")
        self.level = int(level) if level.isdigit() else (0 if self.uid == "0" else 1)
        self.skipped = self.flag("IsNull") or self.text("Active") in {"0", "false"}
        self.summary = self.flag("Summary") or self.uid == "0"
        self.milestone = self.flag("Milestone")
        self.start: date | None = None
        self.finish: date | None = None
        self.actual_start: date | None = None
        self.actual_finish: date | None = None
        self.baseline_start: date | None = None
        self.baseline_finish: date | None = None
        self.percent: Decimal | None = None
        self.baseline_cost = self.actual_cost = Decimal("0")
        if not self.skipped:
            self._read()

    def _read(self) -> None:
        self.start, self.finish = self.when("Start"), self.when("Finish")
        self.actual_start, self.actual_finish = self.when("ActualStart"), self.when("ActualFinish")
        baseline = next(
            (b for b in self.element.iterfind(f"{NS}Baseline") if _text(b, "Number") == "0"), None
        )
        if baseline is not None:
            self.baseline_start = self.when("Start", baseline, "Baseline Start")
            self.baseline_finish = self.when("Finish", baseline, "Baseline Finish")
            self.baseline_cost = self.money("Cost", baseline, "Baseline Cost")
        self.actual_cost = self.money("ActualCost")
        self.percent = self.number("PercentComplete")
        for first, last, column, written in (
            (self.start, self.finish, "Finish", self.text("Finish")),
            (self.actual_start, self.actual_finish, "ActualFinish", self.text("ActualFinish")),
            (
                self.baseline_start,
                self.baseline_finish,
                "Baseline Finish",
                _text(baseline, "Finish") if baseline is not None else "",
            ),
        ):
            if first and last and last < first:
                self.problem(f"before its start ({first.isoformat()})", column, written)

    def text(self, tag: str, parent: ET.Element | None = None) -> str:
        return _text(self.element if parent is None else parent, tag)

    def flag(self, tag: str) -> bool:
        return self.text(tag).casefold() in TRUE

    def problem(self, message: str, column: str, value: str | None = None) -> None:
        self.problems.append(Problem(self.where, message, column=column, value=value))

    def when(self, tag: str, parent: ET.Element | None = None, column: str | None = None) -> date | None:
        raw = self.text(tag, parent)
        if not raw:
            return None
        try:
            return datetime.fromisoformat(raw).date()
        except ValueError:
            self.problem("not a date (expected e.g. 2024-03-15T17:00:00)", column or tag, raw)
            return None

    def money(self, tag: str, parent: ET.Element | None = None, column: str | None = None) -> Decimal:
        """A cost in currency units (the file holds hundredths); 0 when absent or invalid."""
        value = self.number(tag, parent, column)
        if value is None:
            return Decimal("0")
        if value < 0:
            self.problem("must not be negative", column or tag, self.text(tag, parent))
            return Decimal("0")
        return (value / 100).quantize(CENT, rounding=ROUND_HALF_UP)

    def number(self, tag: str, parent: ET.Element | None = None, column: str | None = None) -> Decimal | None:
        raw = self.text(tag, parent)
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problem("not a number", column or tag, raw)
            return None
        if not value.is_finite():
            self.problem("not a number", column or tag, raw)
            return None
        if tag == "PercentComplete" and not 0 <= value <= 100:
            self.problem("must be between 0 and 100", tag, raw)
            return None
        return value


def _text(parent: ET.Element, tag: str) -> str:
    found = parent.find(f"{NS}{tag}")
    return (found.text or "").strip() if found is not None else ""


def _root(data: bytes) -> ET.Element:
    """The parsed document; ImportRejected for non-UTF-8, DTDs, malformed XML or another format."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            "", [Problem(f"line {line}", "wrong encoding: save the XML file as UTF-8")]
        ) from exc
    for declaration in ("<!DOCTYPE", "<!ENTITY"):
        if declaration in text:
            line = text[: text.index(declaration)].count("\n") + 1
            message = f"{declaration[2:]} declarations are not accepted (MS Project never writes them)"
            raise ImportRejected("", [Problem(f"line {line}", message)])
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ImportRejected(
            "",
            [Problem(f"line {line}, column {column + 1}", f"not well-formed XML: {ErrorString(exc.code)}")],
        ) from exc
    if root.tag != f"{NS}Project":
        raise ImportRejected(
            "",
            [
                Problem(
                    "file",
                    f"not an MSPDI file: the root element is {root.tag!r}, expected Project in {NAMESPACE}",
                )
            ],
        )
    return root


def _status_date(root: ET.Element, schedule: Schedule) -> None:
    for tag in ("StatusDate", "CurrentDate"):
        raw = _text(root, tag)
        if not raw:
            continue
        try:
            schedule.status_date = datetime.fromisoformat(raw).date()
            return
        except ValueError:
            schedule.problems.append(Problem("project", "not a date", column=tag, value=raw))
            return


def _costs(task: _Task, schedule: Schedule) -> None:
    if task.baseline_cost > 0:
        if task.baseline_start is None or task.baseline_finish is None:
            task.problem("has a baseline cost but no baseline start and finish", "Baseline Cost")
        else:
            add_into(
                schedule.planned,
                spread_by_month(task.baseline_cost, task.baseline_start, task.baseline_finish),
            )
    if task.actual_cost > 0:
        start = task.actual_start or task.start
        end = task.actual_finish or schedule.status_date
        if start is None or end is None:
            task.problem(
                "has an actual cost but no actual start, or no finish and no status date", "ActualCost"
            )
        else:
            add_into(schedule.actual, spread_by_month(task.actual_cost, start, max(start, end)))


def _milestone(task: _Task, schedule: Schedule) -> None:
    if task.baseline_finish is None:
        task.problem(
            "milestone without a baseline: set baseline 0 in Project before exporting", "Baseline Finish"
        )
        return
    if task.finish is None:
        task.problem("milestone without a finish date", "Finish")
        return
    schedule.milestones.append(
        ScheduleMilestone(task.name[:200], task.baseline_finish, task.finish, task.actual_finish, task.where)
    )


def parse_mspdi(data: bytes) -> Schedule:
    """MSPDI bytes -> a Schedule with every problem found (structural ones raise ImportRejected)."""
    root = _root(data)
    schedule = Schedule(currency=_text(root, "CurrencyCode") or None)
    _status_date(root, schedule)
    container = root.find(f"{NS}Tasks")
    tasks = [
        _Task(e, schedule.problems)
        for e in (container.iterfind(f"{NS}Task") if container is not None else [])
    ]
    tasks = [t for t in tasks if not t.skipped]
    for i, task in enumerate(tasks):
        if i + 1 < len(tasks) and tasks[i + 1].level > task.level:
            task.summary = True
        if task.uid == "0":
            schedule.percent_complete = task.percent
        if task.milestone and task.uid != "0":
            _milestone(task, schedule)
        if not task.summary:
            _costs(task, schedule)
    seen: dict[str, str] = {}
    for milestone in schedule.milestones:
        other = seen.setdefault(milestone.name.casefold(), milestone.where)
        if other != milestone.where:
            schedule.problems.append(
                Problem(
                    milestone.where,
                    f"milestone name also used by {other}; names must be unique",
                    column="Name",
                )
            )
    if schedule.percent_complete is not None and schedule.status_date is None:
        schedule.problems.append(
            Problem("project", "no StatusDate or CurrentDate to date the progress", column="StatusDate")
        )
    return schedule


def read_mspdi(path: Path) -> Schedule:
    """Read and check an MSPDI file; ImportRejected names the file when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(str(path), [Problem("file", f"cannot be read: {exc.strerror or exc}")]) from exc
    try:
        return parse_mspdi(data)
    except ImportRejected as rejected:
        raise ImportRejected(str(path), rejected.problems) from None
