"""SQLAlchemy 2 typed models: the one schema every importer, query and page shares.

Conventions: surrogate integer keys, natural keys (``code``, ``key``) unique;
money as Numeric(14, 2) in the project's currency; dates for calendar facts
(milestones, months, reports) and UTC timestamps (``UTCDateTime``) for events,
with the original UTC offset kept where the flow metrics need the local date.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from data_access.types import UTCDateTime
from data_access.vocabulary import (
    CostCategory,
    IncidentSeverity,
    LifecyclePhase,
    Methodology,
    ProjectType,
    Rag,
    RiskKind,
    RiskStatus,
    Role,
    StageCategory,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(14, 2)


def vocab(enum_cls: type[StrEnum], name: str) -> Enum:
    """A string column restricted to an enum's values (portable CHECK, no native enum)."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DatasetInfo(Base):
    """Key/value facts about the loaded data (demo flag, generation day, seed)."""

    __tablename__ = "dataset_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class Program(Base):
    __tablename__ = "programs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    title: Mapped[str | None] = mapped_column(String(120))


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class Workflow(Base):
    """A board's workflow: statuses map to stages, stages to categories."""

    __tablename__ = "workflows"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    start_stage: Mapped[str] = mapped_column(String(64))
    done_stage: Mapped[str] = mapped_column(String(64))


class WorkflowStatus(Base):
    __tablename__ = "workflow_statuses"
    __table_args__ = (UniqueConstraint("workflow_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(64))
    stage_order: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[StageCategory] = mapped_column(vocab(StageCategory, "stage_category"))


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("budget_at_completion IS NULL OR budget_at_completion >= 0", name="bac_nonneg"),
        CheckConstraint(
            "baseline_end_date IS NULL OR baseline_end_date >= start_date", name="baseline_after_start"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    project_type: Mapped[ProjectType] = mapped_column(vocab(ProjectType, "project_type"))
    methodology: Mapped[Methodology] = mapped_column(vocab(Methodology, "methodology"))
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    project_manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    workflow_id: Mapped[int | None] = mapped_column(ForeignKey("workflows.id"))
    lifecycle_phase: Mapped[LifecyclePhase] = mapped_column(vocab(LifecyclePhase, "lifecycle_phase"))
    start_date: Mapped[date] = mapped_column(Date)
    baseline_end_date: Mapped[date | None] = mapped_column(Date)
    forecast_end_date: Mapped[date | None] = mapped_column(Date)
    budget_at_completion: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    description: Mapped[str | None] = mapped_column(Text)


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("weight >= 0 AND weight <= 1", name="weight_fraction"),
        Index("ix_milestones_project_baseline", "project_id", "baseline_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    baseline_date: Mapped[date] = mapped_column(Date)
    forecast_date: Mapped[date | None] = mapped_column(Date)
    actual_date: Mapped[date | None] = mapped_column(Date)
    weight: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0"))


class MilestoneForecast(Base):
    """Forecast date of a milestone as re-planned on a date: lets RAG be computed as of the past."""

    __tablename__ = "milestone_forecasts"
    __table_args__ = (UniqueConstraint("milestone_id", "recorded_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    recorded_on: Mapped[date] = mapped_column(Date)
    forecast_date: Mapped[date] = mapped_column(Date)


class _MonthlyCost:
    """Columns shared by the cost plan and the actuals: one amount per project, month, category."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        # A constraint object belongs to one table, so each subclass gets its own.
        return (
            UniqueConstraint("project_id", "month", "category"),
            CheckConstraint("amount >= 0", name="amount_nonneg"),
        )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date, comment="first day of the month")
    category: Mapped[CostCategory] = mapped_column(vocab(CostCategory, "cost_category"))
    amount: Mapped[Decimal] = mapped_column(Money)


class CostPlan(_MonthlyCost, Base):
    """Baseline monthly cost plan (the source of planned value)."""

    __tablename__ = "cost_plan"


class CostActual(_MonthlyCost, Base):
    """Actual cost booked per month and category (the source of AC)."""

    __tablename__ = "cost_actuals"


class ProgressReport(Base):
    """Percent complete as of the end of a period (the source of EV)."""

    __tablename__ = "progress"
    __table_args__ = (
        UniqueConstraint("project_id", "period_end"),
        CheckConstraint("percent_complete >= 0 AND percent_complete <= 100", name="percent_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    period_end: Mapped[date] = mapped_column(Date)
    percent_complete: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class StatusReport(Base):
    __tablename__ = "status_reports"
    __table_args__ = (UniqueConstraint("project_id", "report_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    report_date: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    overall_rag: Mapped[Rag] = mapped_column(vocab(Rag, "overall_rag"))
    schedule_rag: Mapped[Rag] = mapped_column(vocab(Rag, "schedule_rag"))
    budget_rag: Mapped[Rag] = mapped_column(vocab(Rag, "budget_rag"))
    scope_rag: Mapped[Rag] = mapped_column(vocab(Rag, "scope_rag"))
    risk_rag: Mapped[Rag] = mapped_column(vocab(Rag, "risk_rag"))
    commentary: Mapped[str | None] = mapped_column(Text)
    decisions_needed: Mapped[str | None] = mapped_column(Text)


class RiskItem(Base):
    """An entry of the risk and issue register (probability and impact on 1–5 scales)."""

    __tablename__ = "risks"
    __table_args__ = (
        CheckConstraint("probability BETWEEN 1 AND 5", name="probability_scale"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_scale"),
        Index("ix_risks_project_status", "project_id", "status"),
        UniqueConstraint("project_id", "ref"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    ref: Mapped[str | None] = mapped_column(
        String(32), comment="the register's own id (e.g. R-07), unique within a project: the import key"
    )
    kind: Mapped[RiskKind] = mapped_column(vocab(RiskKind, "risk_kind"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    probability: Mapped[int] = mapped_column(SmallInteger)
    impact: Mapped[int] = mapped_column(SmallInteger)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    raised_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RiskStatus] = mapped_column(vocab(RiskStatus, "risk_status"))
    mitigation: Mapped[str | None] = mapped_column(Text)


class Sprint(Base):
    __tablename__ = "sprints"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        CheckConstraint("end_date >= start_date", name="end_after_start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    goal: Mapped[str | None] = mapped_column(Text)
    committed_points: Mapped[int | None] = mapped_column(Integer)


class WorkItem(Base):
    __tablename__ = "work_items"
    __table_args__ = (Index("ix_work_items_project_created", "project_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32), unique=True)
    item_type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    points: Mapped[int | None] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(64), comment="current status")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_utc_offset_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    sprint_id: Mapped[int | None] = mapped_column(ForeignKey("sprints.id"), index=True)


class StatusTransition(Base):
    __tablename__ = "status_transitions"
    __table_args__ = (Index("ix_status_transitions_item_time", "work_item_id", "changed_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(64))
    to_status: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    utc_offset_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)


class Deployment(Base):
    __tablename__ = "deployments"
    __table_args__ = (Index("ix_deployments_project_time", "project_id", "deployed_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    environment: Mapped[str] = mapped_column(String(32), default="production")
    first_commit_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), comment="oldest change in the deployment (lead time for changes)"
    )
    caused_failure: Mapped[bool] = mapped_column(Boolean, default=False)


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_project_time", "project_id", "started_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    deployment_id: Mapped[int | None] = mapped_column(ForeignKey("deployments.id"))
    severity: Mapped[IncidentSeverity] = mapped_column(vocab(IncidentSeverity, "incident_severity"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(200))


class RoleAssignment(Base):
    """Who may see what: a role and, except for executives, one scope row each."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN program_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN project_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN team_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name="one_scope",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(vocab(Role, "role"))
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))


class RagTolerance(Base):
    """A program's or a project's own RAG threshold (METRICS.md: the most specific wins).

    ``name`` is a field of the RAG thresholds (e.g. ``spi_red``); exactly one of
    ``program_id`` / ``project_id`` is set.
    """

    __tablename__ = "rag_tolerances"
    __table_args__ = (
        CheckConstraint("(program_id IS NULL) <> (project_id IS NULL)", name="program_xor_project"),
        UniqueConstraint("program_id", "project_id", "name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(32))
    value: Mapped[Decimal] = mapped_column(Numeric(8, 4))
    reason: Mapped[str | None] = mapped_column(Text)


class Meeting(Base):
    """A steering meeting: its date makes "what changed since the last meeting" a real date.

    ``program_id`` NULL means a portfolio-wide forum (e.g. the portfolio board).
    """

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("forum", "held_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    forum: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    notes: Mapped[str | None] = mapped_column(Text)


class ImportLog(Base):
    """One import attempt: who loaded which file (by hash) when, and what it did.

    Rejected attempts are logged too (``outcome`` = 'rejected'), in their own
    transaction after the import's was rolled back, so the PMO sees failed loads;
    no other table is touched by a rejected file.
    """

    __tablename__ = "import_log"
    __table_args__ = (Index("ix_import_log_source_time", "source_kind", "imported_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(
        String(32), comment="importer kind, e.g. jira-json, csv-projects"
    )
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    project_code: Mapped[str | None] = mapped_column(String(32))
    imported_by: Mapped[str] = mapped_column(String(120))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(16), comment="loaded or rejected")
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
