"""From a signed-in login (username or e-mail) to a Viewer: role and scope from role_assignments.

Identity is resolved before any scope exists, so these are the only reads that take
no viewer. A person holding several roles gets the broadest one and the union of all
their scopes; a person with no role assignment gets no viewer at all.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, or_, select

from data_access.models import Person, RoleAssignment
from data_access.viewer import Scope, Viewer
from data_access.vocabulary import Role

# Broadest first: the role a person with several assignments is shown as.
ROLE_PRECEDENCE = (
    Role.EXECUTIVE,
    Role.PMO_ADMIN,
    Role.PROGRAM_MANAGER,
    Role.PROJECT_MANAGER,
    Role.SCRUM_MASTER,
)
SEES_EVERYTHING = frozenset({Role.EXECUTIVE, Role.PMO_ADMIN})


def viewer_for_login(connection: Connection, login: str) -> Viewer | None:
    """The viewer for a username or e-mail (case-insensitive); None if unknown or without a role."""
    needle = login.strip().lower()
    if not needle:
        return None
    person = connection.execute(
        select(Person.id, Person.username, Person.display_name).where(
            or_(func.lower(Person.username) == needle, func.lower(Person.email) == needle)
        )
    ).first()
    if person is None:
        return None
    assignments = connection.execute(
        select(
            RoleAssignment.role, RoleAssignment.program_id, RoleAssignment.project_id, RoleAssignment.team_id
        )
        .where(RoleAssignment.person_id == person.id)
        .order_by(RoleAssignment.id)
    ).all()
    if not assignments:
        return None
    roles = {Role(a.role) for a in assignments}
    role = next(r for r in ROLE_PRECEDENCE if r in roles)
    scope = Scope(
        everything=bool(roles & SEES_EVERYTHING),
        program_ids=frozenset(a.program_id for a in assignments if a.program_id is not None),
        project_ids=frozenset(a.project_id for a in assignments if a.project_id is not None),
        team_ids=frozenset(a.team_id for a in assignments if a.team_id is not None),
    )
    return Viewer(user_id=person.username, display_name=person.display_name, role=role, scope=scope)


def demo_people(connection: Connection, per_role: int = 2) -> pd.DataFrame:
    """Up to ``per_role`` people for each role (username, display_name, role), for the demo picker."""
    rows = connection.execute(
        select(Person.username, Person.display_name, RoleAssignment.role)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .distinct()
        .order_by(RoleAssignment.role, Person.username)
    ).all()
    frame = pd.DataFrame(
        [(u, n, Role(r).value) for u, n, r in rows], columns=["username", "display_name", "role"]
    )
    order = {role.value: i for i, role in enumerate(ROLE_PRECEDENCE)}
    frame = frame.assign(_order=frame["role"].map(order)).sort_values(["_order", "username"])
    return frame.groupby("role", sort=False).head(per_role).drop(columns="_order").reset_index(drop=True)
