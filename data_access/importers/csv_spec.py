"""The CSV templates, defined once: every column's meaning, type, unit and rules.

Why one spec: the template files, docs/DATA.md, the importers' validation and the
exporter are all generated from or driven by these definitions, so they cannot drift
apart. Lengths come from the models; allowed values from ``data_access.vocabulary``.
``ENTITIES`` is in import order: an entity only refers to entities listed before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from sqlalchemy import Table

from data_access import models as m
from data_access.vocabulary import (
    CostCategory,
    LifecyclePhase,
    Methodology,
    ProjectType,
    Rag,
    RiskKind,
    RiskStatus,
    Role,
)


class ValueType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    MONTH = "month"
    TIMESTAMP = "timestamp"
    CHOICE = "choice"
    REFERENCE = "reference"


# What a reference column names (noun, the attribute it is named by), for messages and docs.
REFERENCE_TARGETS = {
    "program": ("program", "code"),
    "project": ("project", "code"),
    "person": ("person", "username"),
    "team": ("team", "code"),
    "milestone": ("milestone of the same project", "name"),
}


@dataclass(frozen=True)
class Column:
    """One CSV column: how it reads, what it means and where it is stored."""

    name: str
    meaning: str
    type: ValueType = ValueType.TEXT
    required: bool = False
    unit: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    refers_to: str | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    places: int = 0
    pattern: str | None = None
    pattern_hint: str = ""
    db_field: str | None = None
    offset_field: str | None = None  # a timestamp's written UTC offset is stored here
    lookup_only: bool = False  # helps find another reference (a milestone's project); not stored

    @property
    def field(self) -> str:
        """The model column this CSV column is stored in."""
        return self.db_field or self.name


def _choice(enum_cls: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum_cls)


@dataclass(frozen=True)
class Entity:
    """One template: its file, its table, its natural key and its columns."""

    name: str
    title: str
    model: type[m.Base]
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    about: str
    order: tuple[tuple[str, str], ...] = ()  # (earlier, later): later may not be before earlier
    rules: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        return f"csv-{self.name}"

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[return-value]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def max_length(self, column: Column) -> int | None:
        """The stored column's length limit (text columns), read from the model."""
        if column.type is not ValueType.TEXT:
            return None
        return getattr(self.table.c[column.field].type, "length", None)


MONEY_UNIT = "project currency"
MAX_MONEY = Decimal("999999999999.99")
CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"
CODE_HINT = "letters, digits, '.', '_' or '-', no spaces"


def _code(
    meaning: str, example: str, name: str = "code", pattern: str = CODE_PATTERN, hint: str = CODE_HINT
) -> Column:
    """An identifier other files refer to: required, no spaces."""
    return Column(name, meaning, required=True, example=example, pattern=pattern, pattern_hint=hint)


def _text(name: str, meaning: str, example: str, required: bool = False, field: str | None = None) -> Column:
    return Column(name, meaning, required=required, example=example, db_field=field)


def _ref(name: str, target: str, meaning: str, example: str = "", required: bool = False) -> Column:
    """A code naming a record of ``target`` (stored as its id in ``<name>_id``)."""
    field = "person_id" if name == "username" else f"{name}_id"
    return Column(
        name, meaning, ValueType.REFERENCE, required, example=example, refers_to=target, db_field=field
    )


def _project() -> Column:
    return _ref("project", "project", "code of the project (import projects first)", "PAY-001", True)


def _pick(name: str, meaning: str, vocabulary: type[StrEnum], example: str) -> Column:
    return Column(name, meaning, ValueType.CHOICE, True, example=example, choices=_choice(vocabulary))


def _day(name: str, meaning: str, example: str, required: bool = False) -> Column:
    return Column(name, meaning, ValueType.DATE, required, example=example)


def _number(name: str, meaning: str, example: str, unit: str, low: int, high: Decimal | int, places: int = 0,
            required: bool = True) -> Column:  # fmt: skip
    kind = ValueType.DECIMAL if places else ValueType.INTEGER
    return Column(
        name,
        meaning,
        kind,
        required,
        unit,
        example,
        minimum=Decimal(low),
        maximum=Decimal(high),
        places=places,
    )


def _money(name: str, meaning: str, example: str, required: bool = True) -> Column:
    return _number(name, meaning, example, MONEY_UNIT, 0, MAX_MONEY, places=2, required=required)


def _monthly_cost(name: str, title: str, model: type[m.Base], what: str, example_amount: str) -> Entity:
    return Entity(
        name,
        title,
        model,
        key=("project", "month", "category"),
        about=f"{what} One row per project, month and cost category.",
        columns=(
            _project(),
            Column("month", "the month the amount belongs to", ValueType.MONTH, True, example="2026-03-01"),
            _pick("category", "cost category", CostCategory, "labour"),
            _money("amount", "amount for the month and category (not negative)", example_amount),
        ),
    )


TEAMS = Entity(
    "teams",
    "Teams",
    m.Team,
    key=("code",),
    about="Delivery teams, referred to by projects, work items and scrum-master roles.",
    columns=(
        _code("the team's short code, unique", "T-PAY"),
        _text("name", "the team's name", "Team Payments", required=True),
    ),
)

PEOPLE = Entity(
    "people",
    "People",
    m.Person,
    key=("username",),
    about="Everyone the portfolio names: sponsors, managers, report authors, risk owners, viewers.",
    columns=(
        _code(
            "sign-in name, unique; other files refer to people by it",
            "jane.doe",
            "username",
            r"[^\s]+",
            "no spaces",
        ),
        _text("display_name", "name shown in the dashboard", "Jane Doe", required=True),
        Column(
            "email",
            "e-mail address, unique (a person may also sign in with it)",
            example="jane.doe@example.org",
            pattern=r"[^@\s]+@[^@\s]+",
            pattern_hint="an address like name@example.org",
        ),
        _text("title", "job title", "Project manager"),
    ),
)

PROGRAMS = Entity(
    "programs",
    "Programs",
    m.Program,
    key=("code",),
    about="Programs group projects; the overview's heatmap has one row per program.",
    columns=(
        _code("the program's short code, unique", "DIG"),
        _text("name", "the program's name", "Digital channels", required=True),
        _text("description", "what the program is for", "Customer-facing apps and web"),
    ),
)

PROJECTS = Entity(
    "projects",
    "Projects",
    m.Project,
    key=("code",),
    about="One row per project. Budget and every amount of the project are in its currency.",
    order=(("start_date", "baseline_end_date"), ("start_date", "forecast_end_date")),
    columns=(
        _code("the project's short code, unique; other files refer to the project by it", "PAY-001"),
        _text("name", "the project's name", "Payments platform", required=True),
        _ref("program", "program", "code of the program the project belongs to", "DIG", required=True),
        _pick("project_type", "kind of project", ProjectType, "software development"),
        _pick("methodology", "how the project delivers", Methodology, "scrum"),
        _pick("lifecycle_phase", "where the project is in its life", LifecyclePhase, "execution"),
        _day("start_date", "the day work started (or starts)", "2026-01-05", required=True),
        _day("baseline_end_date", "planned end in the approved baseline", "2026-12-18"),
        _day("forecast_end_date", "currently forecast end", "2027-01-29"),
        _money("budget_at_completion", "approved budget (BAC); empty = no budget yet", "1250000.00", False),
        Column(
            "currency",
            "ISO 4217 code of the project's currency (default USD)",
            example="EUR",
            pattern=r"[A-Z]{3}",
            pattern_hint="three capital letters, e.g. EUR",
        ),
        _ref("sponsor", "person", "username of the sponsor"),
        _ref("project_manager", "person", "username of the project manager", "jane.doe"),
        _ref("team", "team", "code of the delivery team", "T-PAY"),
        _text("description", "what the project delivers", "Card and wallet payments at checkout"),
    ),
)

ROLE_ASSIGNMENTS = Entity(
    "role-assignments",
    "Role assignments",
    m.RoleAssignment,
    key=("username", "role", "program", "project", "team"),
    about=(
        "Who sees what in the dashboard. A person may hold several rows; the whole row is the key, "
        "so a file can add assignments but never removes one."
    ),
    rules=(
        "executive and pmo admin see everything: leave program, project and team empty",
        "program manager needs program; project manager needs project; scrum master needs team",
        "at most one of program, project and team per row",
    ),
    columns=(
        _ref("username", "person", "username of the person", "jane.doe", required=True),
        _pick("role", "the role held", Role, "project manager"),
        _ref("program", "program", "code of the program (program managers)"),
        _ref("project", "project", "code of the project (project managers)", "PAY-001"),
        _ref("team", "team", "code of the team (scrum masters)"),
    ),
)

MILESTONES = Entity(
    "milestones",
    "Milestones",
    m.Milestone,
    key=("project", "name"),
    about=(
        "A project's milestones. The overview reads a milestone's forecast from its re-plans "
        "(milestone-forecasts): a milestone with none is taken to be on its baseline."
    ),
    columns=(
        _project(),
        _text("name", "the milestone's name, unique within the project", "Go-live", required=True),
        _day("baseline_date", "date in the approved baseline", "2026-11-30", required=True),
        _day("forecast_date", "currently forecast date", "2026-12-14"),
        _day("actual_date", "date achieved; empty while open", ""),
        _number(
            "weight",
            "share of the project's value the milestone stands for (the weights of a project add up to 1)",
            "0.40",
            "fraction 0–1",
            0,
            1,
            places=4,
            required=False,
        ),
    ),
)

MILESTONE_FORECASTS = Entity(
    "milestone-forecasts",
    "Milestone forecasts (re-plans)",
    m.MilestoneForecast,
    key=("project", "milestone", "recorded_on"),
    about=(
        "Each re-plan of a milestone: on recorded_on its forecast became forecast_date. "
        "The computed status as of a day uses the newest re-plan recorded on or before that day."
    ),
    columns=(
        replace(_project(), lookup_only=True),
        _ref(
            "milestone",
            "milestone",
            "name of the milestone in that project (import milestones first)",
            "Go-live",
            required=True,
        ),  # fmt: skip
        _day("recorded_on", "the day the forecast was made", "2026-06-01", required=True),
        _day("forecast_date", "the date forecast on that day", "2026-12-14", required=True),
    ),
)

COST_PLAN = _monthly_cost(
    "cost-plan",
    "Cost plan",
    m.CostPlan,
    "The baseline monthly cost plan: planned value (PV) is its sum up to a date.",
    "85000.00",
)
ACTUALS = _monthly_cost(
    "actuals",
    "Actual costs",
    m.CostActual,
    "Actual cost booked: AC is its sum for months up to a date.",
    "91250.50",
)

PROGRESS = Entity(
    "progress",
    "Progress",
    m.ProgressReport,
    key=("project", "period_end"),
    about="Percent complete as of the end of a reporting period: earned value EV = BAC × percent ÷ 100.",
    columns=(
        _project(),
        _day("period_end", "last day of the reporting period", "2026-03-31", required=True),
        _number(
            "percent_complete", "share of the project's work done", "22.5", "percent 0–100", 0, 100, places=2
        ),
    ),
)

STATUS_REPORTS = Entity(
    "status-reports",
    "Status reports",
    m.StatusReport,
    key=("project", "report_date"),
    about="The project's own reported status; the overview compares it with the computed status.",
    columns=(
        _project(),
        _day("report_date", "day of the report", "2026-03-31", required=True),
        _ref("author", "person", "username of the author", "jane.doe"),
        *(
            _pick(f"{dimension}_rag", f"{dimension} status as reported", Rag, example)
            for dimension, example in (
                ("overall", "amber"),
                ("schedule", "amber"),
                ("budget", "green"),
                ("scope", "green"),
                ("risk", "amber"),
            )
        ),
        _text("commentary", "the report's text", "Card vendor API late; go-live at risk by two weeks."),
        _text("decisions_needed", "decisions asked of the steering group", "Approve a vendor sprint"),
    ),
)

RISKS = Entity(
    "risks",
    "Risks and issues",
    m.RiskItem,
    key=("project", "ref"),
    about="The risk and issue register. Exposure = probability × impact (1–25).",
    order=(("raised_on", "closed_on"),),
    rules=("status closed needs closed_on, and closed_on needs status closed",),
    columns=(
        _project(),
        _text("ref", "the register's id of the entry, unique within the project", "R-01", required=True),
        _pick("kind", "risk (may happen) or issue (has happened)", RiskKind, "risk"),
        _text("title", "short title", "Card vendor API delivered late", required=True),
        _text("description", "what could happen and why", "The vendor has missed two drops."),
        _number("probability", "how likely", "4", "scale 1–5", 1, 5),
        _number("impact", "how bad", "4", "scale 1–5", 1, 5),
        _ref("owner", "person", "username of the owner; empty = unowned", "jane.doe"),
        _day("raised_on", "day the entry was raised", "2026-02-10", required=True),
        _day("due_date", "day the mitigation is due", "2026-04-30"),
        _day("closed_on", "day the entry was closed; empty while open", ""),
        _pick("status", "state of the entry", RiskStatus, "open"),
        _text("mitigation", "what is being done about it", "Weekly vendor call; sandbox fallback"),
    ),
)

WORK_ITEMS = Entity(
    "work-items",
    "Work items",
    m.WorkItem,
    key=("key",),
    about=(
        "Stories, bugs and tasks with their current status. Status changes (for flow metrics) "
        "come from the transitions-csv or jira-json imports."
    ),
    order=(("created_at", "resolved_at"),),
    rules=("when the project has a workflow, status must be one of its statuses",),
    columns=(
        _project(),
        _code(
            "the item's key, unique across the portfolio (e.g. the Jira key)",
            "PAY-101",
            "key",
            r"[^\s]+",
            "no spaces",
        ),  # fmt: skip
        _text("type", "item type", "Story", required=True, field="item_type"),
        _text("title", "the item's summary", "Pay by card at checkout", required=True),
        _text("status", "current status, as on the board", "In Progress", required=True),
        Column(
            "created_at",
            "when the item was created",
            ValueType.TIMESTAMP,
            True,
            example="2026-03-02T09:30:00+01:00",
            offset_field="created_utc_offset_minutes",
        ),
        Column("resolved_at", "when the item was resolved; empty while open", ValueType.TIMESTAMP),
        _number("points", "story points", "5", "points", 0, 32767, required=False),
        _ref("team", "team", "code of the team working on it", "T-PAY"),
    ),
)

ENTITIES: tuple[Entity, ...] = (
    TEAMS,
    PEOPLE,
    PROGRAMS,
    PROJECTS,
    ROLE_ASSIGNMENTS,
    MILESTONES,
    MILESTONE_FORECASTS,
    COST_PLAN,
    ACTUALS,
    PROGRESS,
    STATUS_REPORTS,
    RISKS,
    WORK_ITEMS,
)


def entity(name: str) -> Entity:
    """The entity named ``name`` (``projects``) or by its kind (``csv-projects``)."""
    for candidate in ENTITIES:
        if name in (candidate.name, candidate.kind):
            return candidate
    raise KeyError(f"no CSV template {name!r}; expected one of {', '.join(e.name for e in ENTITIES)}")
