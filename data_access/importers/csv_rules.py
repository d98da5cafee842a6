"""Rules of particular templates that a column type cannot express.

Why here and not in the spec: these read several cells of a row (a role and its scope,
a risk's status and closing day) or the database (a work item's workflow, an e-mail or
key already held by someone else). Their wording for DATA.md sits in ``Entity.rules``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, select

from data_access.importers.csv_rows import TypedRow
from data_access.importers.csv_spec import PEOPLE, RISKS, ROLE_ASSIGNMENTS, WORK_ITEMS, Entity
from data_access.importers.csv_sql import among
from data_access.importers.problems import Problem
from data_access.models import Person, Project, WorkflowStatus, WorkItem
from data_access.vocabulary import RiskStatus, Role

Maps = dict[str, dict[str, int]]
SCOPE_OF_ROLE: dict[str, str | None] = {
    Role.EXECUTIVE.value: None,
    Role.PMO_ADMIN.value: None,
    Role.PROGRAM_MANAGER.value: "program",
    Role.PROJECT_MANAGER.value: "project",
    Role.SCRUM_MASTER.value: "team",
}


def _role_scope(connection: Connection, rows: list[TypedRow], maps: Maps) -> list[Problem]:
    problems = []
    for row in rows:
        role = row.values.get("role")
        if not isinstance(role, str):
            continue
        needed = SCOPE_OF_ROLE[role]
        for scope in ("program", "project", "team"):
            given = row.values.get(scope) is not None
            if scope == needed and not given:
                problems.append(row.problem(scope, f"a {role} needs a {scope}: name the {scope} they manage"))
            elif scope != needed and given:
                wanted = f"is scoped by {needed}" if needed else "sees everything"
                problems.append(row.problem(scope, f"a {role} {wanted}: leave {scope} empty"))
    return problems


def _risk_status(connection: Connection, rows: list[TypedRow], maps: Maps) -> list[Problem]:
    problems = []
    for row in rows:
        status, closed_on = row.values.get("status"), row.values.get("closed_on")
        if status == RiskStatus.CLOSED.value and closed_on is None:
            problems.append(row.problem("closed_on", "status is closed: closed_on is required"))
        elif status is not None and status != RiskStatus.CLOSED.value and closed_on is not None:
            problems.append(row.problem("status", f"closed_on is set: status must be closed, not {status}"))
    return problems


def _emails(connection: Connection, rows: list[TypedRow], maps: Maps) -> list[Problem]:
    """An e-mail is unique: not twice in the file, not held by another username."""
    problems = []
    first: dict[str, TypedRow] = {}
    for row in rows:
        email = row.values.get("email")
        if isinstance(email, str):
            if email.lower() in first:
                other = first[email.lower()]
                problems.append(row.problem("email", f"e-mail also given to another person on {other.where}"))
            else:
                first[email.lower()] = row
    owners: dict[str, str] = {}
    for clause in among(connection, Person.email, (row.text["email"] for row in first.values())):
        owners.update(connection.execute(select(Person.email, Person.username).where(clause)).all())
    for row in first.values():
        owner = owners.get(row.text["email"])
        if owner is not None and owner != row.values.get("username"):
            problems.append(row.problem("email", f"e-mail already belongs to {owner}"))
    return problems


def _work_items(connection: Connection, rows: list[TypedRow], maps: Maps) -> list[Problem]:
    """Status within the project's workflow (when it has one); a key never moves between projects."""
    projects = maps.get("project", {})
    statuses: dict[int, list[str]] = {}
    for project_id, status in connection.execute(
        select(Project.id, WorkflowStatus.status)
        .join(WorkflowStatus, WorkflowStatus.workflow_id == Project.workflow_id)
        .where(Project.id.in_(sorted(set(projects.values()))))
        .order_by(Project.id, WorkflowStatus.stage_order, WorkflowStatus.status)
    ).all():
        statuses.setdefault(project_id, []).append(status)
    problems = []
    by_key = {row.values["key"]: row for row in rows if isinstance(row.values.get("key"), str)}
    for clause in among(connection, WorkItem.key, by_key):
        for key, code in connection.execute(
            select(WorkItem.key, Project.code).join(Project, Project.id == WorkItem.project_id).where(clause)
        ).all():
            row = by_key[key]
            if row.values.get("project") != code and row.values.get("project") in projects:
                problems.append(row.problem("key", f"item {key} already belongs to project {code}"))
    for row in rows:
        project, status = row.values.get("project"), row.values.get("status")
        allowed = statuses.get(projects.get(project, -1)) if isinstance(project, str) else None
        if allowed and isinstance(status, str) and status not in allowed:
            problems.append(
                row.problem(
                    "status", f"unknown status for {project}'s workflow; allowed values: {', '.join(allowed)}"
                )
            )
    return problems


RULES: dict[str, Callable[[Connection, list[TypedRow], Maps], list[Problem]]] = {
    ROLE_ASSIGNMENTS.name: _role_scope,
    RISKS.name: _risk_status,
    PEOPLE.name: _emails,
    WORK_ITEMS.name: _work_items,
}


def check_rules(connection: Connection, entity: Entity, rows: list[TypedRow], maps: Maps) -> list[Problem]:
    """Problems found by ``entity``'s own rules (none for most templates)."""
    rule = RULES.get(entity.name)
    return rule(connection, rows, maps) if rule else []
